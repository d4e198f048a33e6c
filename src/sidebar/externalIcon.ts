import { LabIcon } from '@jupyterlab/ui-components';

/** An arrow leaving a box: opens outside JupyterLab. */
export const ExternalLinkIcon = new LabIcon({
  name: 'jupyterlab-mlflow-traces:external-link',
  svgstr: `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">
  <g class="jp-icon3" fill="none" stroke="#616161" stroke-width="1.5">
    <path d="M9 2.5h4.5V7M13.5 2.5L7.5 8.5M11.5 9.5v4h-9v-9h4"/>
  </g>
</svg>`
});
