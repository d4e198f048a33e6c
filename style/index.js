import './base.css';
import './viewer.css';
import './notebook-display.css';
import './sidebar.css';
