/**
 * The Python the display switch sends to a kernel, and how its replies are read.
 *
 * Everything is sent as silent executes (no history, no outputs, no
 * `post_run_cell`), defines no names in the user's namespace and never
 * raises: a kernel without this package gets a `bare` fallback that only
 * calls MLflow's public `enable_notebook_display()` / `disable_notebook_display()`.
 *
 * Pure: no JupyterLab imports.
 */

/** The kernel API version this frontend speaks (`kernel_hook.API_VERSION`). */
export const KERNEL_API_VERSION = 1;

const HOOK =
  "__import__('jupyterlab_mlflow_traces.kernel_hook', fromlist=['install'])";

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
  /** Credentials stripped by the kernel. */
  trackingUri: string | null;
  experimentId: string | null;
}

function pyBool(value: boolean | null): string {
  return value === null ? 'None' : value ? 'True' : 'False';
}

function pyInt(value: number): string {
  return String(Math.max(1024, Math.floor(Number.isFinite(value) ? value : 0)));
}

function guarded(statement: string): string {
  return `try:\n    ${statement}\nexcept Exception:\n    pass\n`;
}

/** Install the hook (idempotent) and apply the options. */
export function installCode(options: IHookOptions): string {
  return guarded(
    `${HOOK}.install(display_enabled=${pyBool(options.displayEnabled)}, ` +
      `non_http=${pyBool(options.nonHttp)}, max_bytes=${pyInt(options.maxBytes)})`
  );
}

/** Change the options of an installed hook; does nothing where it is not installed. */
export function configureCode(options: IHookOptions): string {
  return guarded(
    "__import__('sys').modules['jupyterlab_mlflow_traces.kernel_hook'].configure(" +
      `display_enabled=${pyBool(options.displayEnabled)}, ` +
      `non_http=${pyBool(options.nonHttp)}, max_bytes=${pyInt(options.maxBytes)})`
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
  hook: "__import__('sys').modules['jupyterlab_mlflow_traces.kernel_hook'].state_json()",
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
  if (hook && typeof hook.api === 'number' && hook.installed === true) {
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
      experimentId: str(hook.experiment_id)
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
    patchStatus: hook
      ? 'hook not installed'
      : 'kernel hook not available in this kernel',
    trackingUri: null,
    experimentId: null
  };
}
