/**
 * Version of this frontend, compared with the server extension's at start
 * (a light module: the plugin warns at start-up, the model on connecting).
 */
import type { IServerStatus } from '../api';
import { englishBundle, type TranslationBundle } from '../components/i18n';

/** Kept equal to package.json "version" (a unit test checks it). */
export const FRONTEND_VERSION = '0.1.0';

/** The compared part of a version: `0.1.0` of `0.1.0`, `v0.1.0`, `0.1.0+local`. */
function coreVersion(version: string): string {
  return version.trim().replace(/^v/, '').split('+')[0];
}

/**
 * A message when the server extension's version differs from the
 * frontend's, else null. Pre-release tags count (0.2.0a1 != 0.2.0).
 */
export function versionMismatch(
  frontendVersion: string,
  status: Pick<IServerStatus, 'extension_version'>,
  trans: TranslationBundle = englishBundle
): string | null {
  const server = status.extension_version;
  if (typeof server !== 'string' || !server) {
    return null;
  }
  // npm writes pre-releases 0.2.0-alpha.1, Python 0.2.0a1: compare loosely.
  const norm = (v: string) =>
    coreVersion(v)
      .replace(/[-.]?(alpha|a)\.?/, 'a')
      .replace(/[-.]?(beta|b)\.?/, 'b')
      .replace(/[-.]?rc\.?/, 'rc');
  if (norm(server) === norm(frontendVersion)) {
    return null;
  }
  return trans.__(
    "The MLflow traces frontend (%1) and its server extension (%2) differ: reinstall jupyterlab-mlflow-traces in the Jupyter server's environment and restart JupyterLab.",
    frontendVersion,
    server
  );
}

/** The message when the status endpoint is missing (404 without our JSON). */
export function missingServerExtension(
  trans: TranslationBundle = englishBundle
): string {
  return trans.__(
    "The jupyterlab-mlflow-traces server extension is not installed or not enabled, so the sidebar cannot reach MLflow. Install the Python package in the Jupyter server's environment (pip install jupyterlab-mlflow-traces), check 'jupyter server extension list', then restart JupyterLab."
  );
}

/** The English message (tests). */
export const MISSING_SERVER_EXTENSION = missingServerExtension();
