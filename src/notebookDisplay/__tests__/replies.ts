/**
 * Kernel replies for the switch's tests: a Python str's repr as IPython's
 * `text/plain` shows it, and what the hook's `state_json()` reports (its
 * fields as kernel_hook writes them; kernelCode.test runs the real source).
 */
/** A Python str's repr, as IPython's text/plain shows it. */
export function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const body = text
    .replace(/\\/g, '\\\\')
    .replace(new RegExp(quote, 'g'), `\\${quote}`);
  return `${quote}${body}${quote}`;
}

export function ok(value: string) {
  return { status: 'ok', data: { 'text/plain': pyRepr(value) }, metadata: {} };
}

export const HOOK_STATE = {
  api: 2,
  installed: true,
  configured: true,
  mlflow_imported: true,
  mlflow_version: '3.17.2',
  display_loaded: true,
  disabled: true,
  display_enabled: false,
  pending_display_enabled: null,
  patched: true,
  patch_status: 'patched',
  non_http: true,
  tracking_uri: 'http://127.0.0.1:5000',
  experiment_id: '7',
  last_error: "bundle: RuntimeError('it\\'s \"quoted\" \\\\ here')"
};
