// viewer.css is not here: it arrives with the viewer (src/output/mount.tsx).
import './base.css';
import './notebook-display.css';
import './sidebar-shell.css';
