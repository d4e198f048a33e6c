/**
 * The kernel hook's Python, bundled from the package's own files. Only
 * `loadHookFiles()` imports this module, so it stays out of start-up.
 */
import hookInit from '../../jupyterlab_mlflow_traces/kernel_hook/__init__.py?raw';
import hookEnvelope from '../../jupyterlab_mlflow_traces/kernel_hook/envelope.py?raw';
import hookImports from '../../jupyterlab_mlflow_traces/kernel_hook/imports.py?raw';
import hookPatcher from '../../jupyterlab_mlflow_traces/kernel_hook/patcher.py?raw';
import hookSummary from '../../jupyterlab_mlflow_traces/kernel_hook/summary.py?raw';
import hookUris from '../../jupyterlab_mlflow_traces/kernel_hook/uris.py?raw';
import loaderSource from '../../jupyterlab_mlflow_traces/kernel_loader.py?raw';

/** Every module of the `kernel_hook` package by name; '' is the package itself. */
export const HOOK_MODULES: Readonly<Record<string, string>> = {
  '': hookInit,
  envelope: hookEnvelope,
  imports: hookImports,
  patcher: hookPatcher,
  summary: hookSummary,
  uris: hookUris
};

/** The modules as the JSON text kernel_loader.py reads (its `source`). */
const hookSource = JSON.stringify(HOOK_MODULES);

export { hookSource, loaderSource };
