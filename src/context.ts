import {
  ApiError,
  fetchStatus,
  fetchTrace,
  IRawTrace,
  IServerStatus,
  putTrackingUri
} from './api';
import { DEFAULT_SETTINGS, IViewerSettings } from './settings';

/**
 * What renderers need from the application, handed to them by the plugin.
 * Keeps renderers free of plugin wiring and testable.
 */
export class TraceServices {
  settings: IViewerSettings = { ...DEFAULT_SETTINGS };

  /** Server status, cached so a notebook with many outputs asks once. */
  status(force = false): Promise<IServerStatus> {
    if (force || !this._status) {
      this._status = fetchStatus();
      // Do not cache failures: the next output asks again.
      this._status.catch(() => (this._status = null));
    }
    return this._status;
  }

  fetchTrace(traceId: string): Promise<IRawTrace> {
    return fetchTrace(traceId);
  }

  /** The user agreed to read traces from `uri` (a host named by an output). */
  async useTrackingUri(uri: string): Promise<void> {
    await putTrackingUri(uri);
    this._status = null;
  }

  /** The user's setting changed: tell the server, forget the cached status. */
  async applyTrackingUriSetting(uri: string): Promise<void> {
    try {
      await putTrackingUri(uri);
    } catch (error) {
      // A URI fixed by the server configuration wins; nothing to do.
      if (!(error instanceof ApiError) || error.status !== 409) {
        throw error;
      }
    }
    this._status = null;
  }

  private _status: Promise<IServerStatus> | null = null;
}
