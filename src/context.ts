import { PromiseDelegate } from '@lumino/coreutils';
import { Signal } from '@lumino/signaling';

import {
  ApiError,
  fetchStatus,
  fetchTrace,
  IRawTrace,
  IServerStatus,
  putTrackingUri
} from './api';
import { DEFAULT_SETTINGS, IViewerSettings } from './settings';
import type {
  IConnectionChange,
  IFetchTraceOptions,
  ITraceServices
} from './tokens';

/** The server calls the services make; tests pass their own. */
export interface ITraceServerApi {
  fetchStatus(): Promise<IServerStatus>;
  fetchTrace(traceId: string, options?: IFetchTraceOptions): Promise<IRawTrace>;
  putTrackingUri(trackingUri: string): Promise<unknown>;
}

const SERVER_API: ITraceServerApi = { fetchStatus, fetchTrace, putTrackingUri };

/**
 * The one owner of the viewer settings and of the server's connection.
 * Only the renderers plugin holds this class (to feed it settings); everyone
 * else sees it through the `ITraceServices` interface.
 */
export class TraceServices implements ITraceServices {
  constructor(private readonly _api: ITraceServerApi = SERVER_API) {}

  /** Set by the renderers plugin: the sidebar's open-trace command. */
  openTrace?: (traceId: string) => void;

  get settings(): Readonly<IViewerSettings> {
    return this._settings;
  }

  get settingsChanged(): Signal<this, Readonly<IViewerSettings>> {
    return this._settingsChanged;
  }

  get connectionChanged(): Signal<this, IConnectionChange> {
    return this._connectionChanged;
  }

  get connectionReady(): Promise<void> {
    return this._ready.promise;
  }

  /** Server status, cached so a notebook with many outputs asks once. */
  status(force = false): Promise<IServerStatus> {
    if (force || !this._status) {
      const status = this._api.fetchStatus();
      this._status = status;
      // Do not cache failures: the next output asks again.
      status.catch(() => {
        if (this._status === status) {
          this._status = null;
        }
      });
    }
    return this._status;
  }

  fetchTrace(
    traceId: string,
    options: IFetchTraceOptions = {}
  ): Promise<IRawTrace> {
    return this._api.fetchTrace(traceId, options);
  }

  /**
   * The settings were loaded or changed (owner only). Emits `settingsChanged`
   * when any value differs, and sends the Tracking URI to the server the first
   * time and whenever it differs from the one last sent.
   */
  async applySettings(next: IViewerSettings): Promise<void> {
    const previous = this._settings;
    const changed = (Object.keys(next) as (keyof IViewerSettings)[]).some(
      key => next[key] !== previous[key]
    );
    if (changed) {
      this._settings = Object.freeze({ ...next });
      this._settingsChanged.emit(this._settings);
    }
    if (this._sentUri !== null && this._sentUri === next.trackingUri) {
      return;
    }
    const uri = next.trackingUri;
    this._sentUri = uri;
    // One PUT at a time, in order: the server ends on the latest setting.
    this._puts = this._puts.then(() => this._putConnection(uri));
    await this._puts;
  }

  /** No settings registry (or it failed): the server's own configuration stands. */
  settingsUnavailable(): void {
    this._ready.resolve();
  }

  private async _putConnection(uri: string): Promise<void> {
    if (this._sentUri !== uri) {
      return; // superseded before it was sent
    }
    let error: Error | null = null;
    try {
      await this._api.putTrackingUri(uri);
    } catch (caught) {
      // 409: the server configuration fixes the URI and wins; nothing to do.
      if (!(caught instanceof ApiError) || caught.status !== 409) {
        error = caught as Error;
      }
    }
    // A later change is queued: its answer is the one that counts.
    if (this._sentUri !== uri) {
      return;
    }
    this._status = null;
    this._connectionChanged.emit({ trackingUri: uri, error });
    this._ready.resolve();
  }

  private _settings: Readonly<IViewerSettings> = Object.freeze({
    ...DEFAULT_SETTINGS
  });
  private _sentUri: string | null = null;
  private _status: Promise<IServerStatus> | null = null;
  private _puts: Promise<void> = Promise.resolve();
  private _ready = new PromiseDelegate<void>();
  private _settingsChanged = new Signal<this, Readonly<IViewerSettings>>(this);
  private _connectionChanged = new Signal<this, IConnectionChange>(this);
}
