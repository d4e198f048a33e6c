import type { NotebookPanel } from '@jupyterlab/notebook';
import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';

/** Plugin id of the notebook display switch (settings: schema/notebook-display.json). */
export const NOTEBOOK_DISPLAY_PLUGIN_ID =
  'jupyterlab-mlflow-traces:notebook-display';

/** Palette and toolbar command. */
export const TOGGLE_COMMAND =
  'jupyterlab-mlflow-traces:toggle-notebook-display';

/** Name of the notebook toolbar item (see "jupyter.lab.toolbars" in the schema). */
export const TOOLBAR_ITEM = 'mlflow-trace-display';

/** Notebook metadata key: `{"display": false}` while the switch is off. */
export const METADATA_KEY = 'mlflow_traces';

/**
 * What a notebook's kernel reports about MLflow after an execution. Reported by
 * the kernel, never contacted: consumers apply their own host rules.
 */
export interface INotebookTraceContextArgs {
  panel: NotebookPanel;
  /** The kernel's MLflow tracking URI, credentials stripped; null if unknown. */
  trackingUri: string | null;
  /** The kernel's active experiment id (`mlflow.set_experiment`, `MLFLOW_EXPERIMENT_ID`); null if none. */
  experimentId: string | null;
  /** User code imported mlflow in this kernel. */
  mlflowImported: boolean;
  /** Whether MLflow displays traces in this notebook's kernel now (or will once imported). */
  displayEnabled: boolean;
}

/** Follows the MLflow context of open notebooks, as their kernels report it. */
export interface INotebookTraceContext {
  /** Emitted after each state read (after executions, kernel start/restart, switch changes). */
  readonly changed: ISignal<INotebookTraceContext, INotebookTraceContextArgs>;
  /** The last report for a notebook; null before its kernel answered. */
  get(panel: NotebookPanel): INotebookTraceContextArgs | null;
}

export const INotebookTraceContext = new Token<INotebookTraceContext>(
  'jupyterlab-mlflow-traces:INotebookTraceContext',
  'The MLflow tracking URI and active experiment reported by each notebook kernel.'
);
