import { LabIcon } from '@jupyterlab/ui-components';

/** The trace icon (src/icons.ts) crossed out: trace display off. */
const TRACE_OFF_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <rect x="2" y="3" width="20" height="3" rx="1" opacity="0.45"/>
    <rect x="5" y="8.5" width="12" height="3" rx="1" opacity="0.45"/>
    <rect x="8" y="14" width="6" height="3" rx="1" opacity="0.45"/>
    <rect x="12" y="19.5" width="9" height="3" rx="1" opacity="0.45"/>
    <path d="M3.7 1.6 22.4 20.3 20.3 22.4 1.6 3.7Z"/>
  </g>
</svg>`;

export const traceDisplayOffIcon = new LabIcon({
  name: 'jupyterlab-mlflow-traces:trace-display-off',
  svgstr: TRACE_OFF_SVG
});
