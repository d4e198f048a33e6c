/**
 * The Python the display switch sends to a kernel, and how its replies are read.
 *
 * Everything is sent as silent executes (no history, no outputs, no
 * `post_run_cell`) and defines no names in the user's namespace. The hook
 * travels as source (the kernel_hook package through kernel_loader.py), so a kernel
 * needs no copy of this package; it is never imported. Only loading it can
 * fail (the reply says why); every other call never raises. A kernel where
 * the hook could not be loaded, or holds one of another API version, gets a
 * `bare` fallback that only calls MLflow's public
 * `enable_notebook_display()` / `disable_notebook_display()`.
 *
 * Pure: no JupyterLab imports.
 */
import type { IHookFiles } from './hookLoader';

/** The kernel API version this frontend speaks (`kernel_hook.API_VERSION`). */
export const KERNEL_API_VERSION = 2;

const HOOK_MODULE = 'jupyterlab_mlflow_traces.kernel_hook';

/** The loaded hook, if it speaks our API version; else None. Imports nothing. */
const OUR_HOOK =
  `(lambda m: m if getattr(m, 'API_VERSION', None) == ${KERNEL_API_VERSION} else None)` +
  `(__import__('sys').modules.get('${HOOK_MODULE}'))`;

export interface IHookOptions {
  /** The notebook's switch; null leaves MLflow's flag alone. */
  displayEnabled: boolean | null;
  nonHttp: boolean;
  maxBytes: number;
}

/** What a kernel reports (see `kernel_hook.state()`), normalized. */
export interface IKernelDisplayState {
  /** The hook is installed in this kernel (else only the bare fallback is available). */
  hook: boolean;
  /** The hook got a display state from a frontend (install/configure); always false without the hook. */
  configured: boolean;
  mlflowImported: boolean;
  mlflowVersion: string | null;
  /** MLflow's real `IPythonTraceDisplayHandler.disabled`; null while its display module is not imported. */
  disabled: boolean | null;
  /** What MLflow will do: its real flag, else the switch pending for import; null if unknown. */
  displayEnabled: boolean | null;
  patched: boolean;
  patchStatus: string;
  /** Credentials stripped by the kernel; local stores as absolute URIs. */
  trackingUri: string | null;
  experimentId: string | null;
  /** The API version of a hook found in the kernel that is not ours (e.g. an older `%load_ext`); else null. */
  otherHookApi: number | null;
  /** The hook displays traces of non-HTTP stores (sqlite:, file:, paths). */
  nonHttp: boolean;
}

function pyBool(value: boolean | null): string {
  return value === null ? 'None' : value ? 'True' : 'False';
}

function pyInt(value: number): string {
  return String(Math.max(1024, Math.floor(Number.isFinite(value) ? value : 0)));
}

/**
 * A Python str literal. JSON's string escapes (\\ \" \n \uXXXX…) are all
 * Python escapes too; other characters stay as they are (the message is UTF-8).
 */
export function pyStr(text: string): string {
  return JSON.stringify(text);
}

function guarded(statement: string): string {
  return `try:\n    ${statement}\nexcept Exception:\n    pass\n`;
}

function pyOptions(options: IHookOptions): string {
  return (
    `{'display_enabled': ${pyBool(options.displayEnabled)}, ` +
    `'non_http': ${pyBool(options.nonHttp)}, 'max_bytes': ${pyInt(options.maxBytes)}}`
  );
}

/**
 * Load the hook from its source (kept if the kernel has it already), then
 * install it with the options if it speaks our API version. Runs in its own
 * globals (see kernel_loader.py). Not guarded: when the source cannot run,
 * the reply's error says why.
 */
export function installCode(
  files: IHookFiles,
  options: IHookOptions,
  packageVersion: string
): string {
  return (
    `exec(${pyStr(files.loaderSource)}, {'__name__': '__mlflow_traces_loader__', ` +
    `'source': ${pyStr(files.hookSource)}, 'version': ${pyStr(packageVersion)}, ` +
    `'api': ${KERNEL_API_VERSION}, 'options': ${pyOptions(options)}})\n`
  );
}

/** Change the options of a loaded hook of our API version; does nothing elsewhere. */
export function configureCode(options: IHookOptions): string {
  return guarded(
    `(lambda h: h and h.configure(display_enabled=${pyBool(options.displayEnabled)}, ` +
      `non_http=${pyBool(options.nonHttp)}, max_bytes=${pyInt(options.maxBytes)}))(${OUR_HOOK})`
  );
}

/**
 * Kernels without the hook: call MLflow's public switch if (and only if) user
 * code already imported mlflow.
 */
export function bareSwitchCode(enabled: boolean): string {
  const fn = enabled ? 'enable_notebook_display' : 'disable_notebook_display';
  return guarded(`__import__('sys').modules['mlflow.tracing.display'].${fn}()`);
}

/** Reads MLflow's state without the hook and without importing anything but json/sys. */
const BARE_STATE =
  "__import__('json').dumps((lambda s: (lambda h: {" +
  "'mlflow_imported': 'mlflow' in s.modules, " +
  "'mlflow_version': getattr(s.modules.get('mlflow'), '__version__', None), " +
  "'disabled': getattr(h, 'disabled', None)" +
  "})(getattr(s.modules.get('mlflow.tracing.display.display_handler'), 'IPythonTraceDisplayHandler', None)))(__import__('sys')))";

/**
 * `user_expressions` of the state read: the hook's report (only if something
 * loaded it: reading never imports it) and the bare fallback.
 */
export const STATE_EXPRESSIONS: Record<string, string> = {
  hook: `__import__('sys').modules['${HOOK_MODULE}'].state_json()`,
  bare: BARE_STATE
};

/**
 * The `text/plain` of a Python `str` is its repr. The kernel's JSON is ASCII
 * (`json.dumps` default), so only the quote and the backslash are escaped.
 */
export function parsePythonStrRepr(text: string): string | null {
  const quote = text[0];
  if (
    text.length < 2 ||
    (quote !== "'" && quote !== '"') ||
    text[text.length - 1] !== quote
  ) {
    return null;
  }
  return text.slice(1, -1).replace(/\\(.)/g, '$1');
}

function expressionJson(result: unknown): Record<string, unknown> | null {
  if (!result || typeof result !== 'object') {
    return null;
  }
  const r = result as { status?: string; data?: Record<string, unknown> };
  const text = r.status === 'ok' ? r.data?.['text/plain'] : undefined;
  if (typeof text !== 'string') {
    return null;
  }
  const json = parsePythonStrRepr(text);
  if (json === null) {
    return null;
  }
  try {
    const value = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? value
      : null;
  } catch {
    return null;
  }
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function boolOrNull(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** The state from an execute reply's `user_expressions`; null if neither expression answered. */
export function parseStateReply(
  userExpressions: unknown
): IKernelDisplayState | null {
  const ue = (userExpressions ?? {}) as Record<string, unknown>;
  const hook = expressionJson(ue.hook);
  const otherHookApi =
    hook && typeof hook.api === 'number' && hook.api !== KERNEL_API_VERSION
      ? hook.api
      : null;
  if (hook && hook.api === KERNEL_API_VERSION && hook.installed === true) {
    return {
      hook: true,
      configured: hook.configured === true,
      mlflowImported: hook.mlflow_imported === true,
      mlflowVersion: str(hook.mlflow_version),
      disabled: boolOrNull(hook.disabled),
      displayEnabled: boolOrNull(hook.display_enabled),
      patched: hook.patched === true,
      patchStatus: str(hook.patch_status) ?? '',
      trackingUri: str(hook.tracking_uri),
      experimentId: str(hook.experiment_id),
      otherHookApi: null,
      nonHttp: hook.non_http === true
    };
  }
  const bare = expressionJson(ue.bare);
  if (!bare) {
    return null;
  }
  const disabled = boolOrNull(bare.disabled);
  return {
    hook: false,
    configured: false,
    mlflowImported: bare.mlflow_imported === true,
    mlflowVersion: str(bare.mlflow_version),
    disabled,
    displayEnabled: disabled === null ? null : !disabled,
    patched: false,
    patchStatus:
      otherHookApi !== null
        ? `the kernel has a hook of another API version (${otherHookApi})`
        : hook
          ? 'hook not installed'
          : 'kernel hook not loaded in this kernel',
    // Reported by any hook version (the same field since API 1).
    trackingUri: hook ? str(hook.tracking_uri) : null,
    experimentId: hook ? str(hook.experiment_id) : null,
    otherHookApi,
    nonHttp: false
  };
}
