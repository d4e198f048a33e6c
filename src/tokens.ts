import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';

import type { IRawTrace, IServerStatus } from './api';
import type { IViewerSettings } from './settings';

/** What the server was told after the user's Tracking URI setting was read or changed. */
export interface IConnectionChange {
  /** The user's setting as sent (empty: the server's own default). */
  trackingUri: string;
  /** Why the server refused it (bad-request…), or null when it took it (or a fixed URI wins). */
  error: Error | null;
}

/** Options of one trace fetch. */
export interface IFetchTraceOptions {
  /**
   * Origin of another tracking server for a one-shot read. The server answers
   * only for origins in `status.allowed_tracking_uris` and changes no state.
   */
  trackingUri?: string;
  signal?: AbortSignal;
}

/**
 * Settings and server access of the MLflow trace viewer. One plugin (the
 * renderers plugin) owns the viewer settings and is the only code that sends
 * `PUT connection`; everyone else reads and listens here.
 */
export interface ITraceServices {
  /** The current settings: a frozen snapshot, replaced (never mutated) on change. */
  readonly settings: Readonly<IViewerSettings>;
  /** The user changed the viewer settings (any key). */
  readonly settingsChanged: ISignal<ITraceServices, Readonly<IViewerSettings>>;
  /** The server was told the user's Tracking URI setting (at start and on each change). */
  readonly connectionChanged: ISignal<ITraceServices, IConnectionChange>;
  /** Resolves once the first `PUT connection` is answered, or when there are no settings. */
  readonly connectionReady: Promise<void>;
  /** Server status, cached until the connection changes or `force`. */
  status(force?: boolean): Promise<IServerStatus>;
  fetchTrace(traceId: string, options?: IFetchTraceOptions): Promise<IRawTrace>;
  /** Open a trace of the configured server in a trace tab (a span link's target). */
  readonly openTrace?: (traceId: string) => void;
}

export const ITraceServices = new Token<ITraceServices>(
  'jupyterlab-mlflow-traces:ITraceServices',
  'Settings and server access of the MLflow trace viewer.'
);
