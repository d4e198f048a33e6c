import { Token } from '@lumino/coreutils';

/** Plugin id of the sidebar (settings: schema/sidebar.json). */
export const SIDEBAR_PLUGIN_ID = 'jupyterlab-mlflow-traces:sidebar';

/** Id of the sidebar widget in the left area. */
export const SIDEBAR_WIDGET_ID = 'jp-mlflow-traces-sidebar';

export namespace CommandIDs {
  export const openSidebar = 'jupyterlab-mlflow-traces:open-sidebar';
  export const refresh = 'jupyterlab-mlflow-traces:refresh-sidebar';
  export const openTrace = 'jupyterlab-mlflow-traces:open-trace';
}

/**
 * What other plugins may ask of the sidebar (the kernel integration tells it
 * which experiment a notebook's traces went to).
 */
export interface IMlflowTracesSidebar {
  /** Highlight the experiment the active notebook's traces go to, and show it unless the user picked another. */
  followExperiment(experimentId: string | null): void;
  /** A cell produced traces: refresh the list now and again shortly (MLflow exports asynchronously). */
  refreshAfterExecution(experimentId: string | null, traceIds?: string[]): void;
  /** Re-check the connection and reload experiments and traces. */
  refresh(): Promise<void>;
}

export const IMlflowTracesSidebar = new Token<IMlflowTracesSidebar>(
  'jupyterlab-mlflow-traces:IMlflowTracesSidebar',
  'The MLflow experiments and traces sidebar.'
);
