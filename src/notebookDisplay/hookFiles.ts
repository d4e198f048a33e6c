/**
 * The kernel hook's Python, bundled from the package's own files. Only
 * `loadHookFiles()` imports this module, so it stays out of start-up.
 */
import hookSource from '../../jupyterlab_mlflow_traces/kernel_hook.py?raw';
import loaderSource from '../../jupyterlab_mlflow_traces/kernel_loader.py?raw';

export { hookSource, loaderSource };
