import { LabIcon } from '@jupyterlab/ui-components';

/** A trace: a root bar and nested span bars. Uses theme colours via jp-icon classes. */
const TRACE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <rect x="2" y="3" width="20" height="3" rx="1"/>
    <rect x="5" y="8.5" width="12" height="3" rx="1"/>
    <rect x="8" y="14" width="6" height="3" rx="1"/>
    <rect x="12" y="19.5" width="9" height="3" rx="1"/>
  </g>
</svg>`;

export const mlflowTraceIcon = new LabIcon({
  name: 'jupyterlab-mlflow-traces:mlflow',
  svgstr: TRACE_SVG
});
