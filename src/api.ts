import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { englishBundle, type TranslationBundle } from './components/i18n';

/** URL namespace of the server extension. */
export const NAMESPACE = 'jupyterlab-mlflow-traces';

/**
 * The words of the REST client's own error messages. Every plugin and lazy
 * chunk calls this client, most far from a bundle, so the renderers plugin
 * (which receives `ITranslator`) sets it once at activation; English until
 * then. Messages the server sends are its own (Python) and pass unchanged.
 */
let trans: TranslationBundle = englishBundle;

/** Translate the REST client's own error messages with `bundle` from now on. */
export function setTransportTranslation(bundle: TranslationBundle): void {
  trans = bundle;
}

/** The bundle of the REST client's messages, for glue framing its errors (fetchTraces.ts). */
export function transportTrans(): TranslationBundle {
  return trans;
}

/**
 * What went wrong, in words meant for the user. `kind` is the server's error
 * kind (`not-found`, `bad-request`, `host-not-allowed`…) or one of ours:
 * `missing-server-extension` (a 404 that is not the extension's JSON),
 * `network`, `malformed`, `http`.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly kind: string,
    readonly status: number
  ) {
    super(message);
  }
}

/** The server extension is not there (its routes answer Jupyter's HTML 404). */
export const MISSING_SERVER_EXTENSION_KIND = 'missing-server-extension';

export interface IServerStatus {
  extension_version: string;
  tracking_uri: string;
  tracking_uri_source: string;
  tracking_uri_fixed: boolean;
  is_http: boolean;
  reachable: boolean;
  mlflow_version: string | null;
  reason: string | null;
  reason_kind?: string;
  /**
   * Origins of other tracking servers (server configuration,
   * `MlflowTracesConfig.allowed_tracking_uris`) an output may name and the user
   * may read one trace from with a click. Absent on older servers: none.
   */
  allowed_tracking_uris?: string[];
  /** Whether the user's setting may name a non-http store (sqlite:, file:…). */
  allow_local_stores?: boolean;
  /** Whether the server reads the local store a notebook kernel reports (`?store=`). */
  browse_kernel_stores?: boolean;
}

/** Raw MLflow responses for one trace; the model normalizes them. */
export interface IRawTrace {
  info: unknown;
  spans: unknown;
  tracking_uri: string;
}

/**
 * Call the server extension. Never throws anything but `ApiError`, whose
 * message says what happened ("server extension not installed", "tracking
 * server unreachable at ...").
 */
export async function requestAPI<T>(
  path: string,
  init: RequestInit = {},
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<T> {
  const response = await send(path, init, settings);
  const text = await response.text();
  const body = jsonOrNull(text);
  if (!response.ok) {
    throw failure(response.status, body);
  }
  if (body === null) {
    throw new ApiError(
      trans.__(
        'server extension sent a response that is not JSON: %1',
        text.slice(0, 80)
      ),
      'malformed',
      response.status
    );
  }
  return body as T;
}

/**
 * Call the server extension for bytes (an attachment): the answer as a Blob
 * of the type the server sent; errors (JSON) as `ApiError`, as requestAPI.
 */
export async function requestBlob(
  path: string,
  init: RequestInit = {},
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<Blob> {
  const response = await send(path, init, settings);
  if (!response.ok) {
    throw failure(response.status, jsonOrNull(await response.text()));
  }
  return response.blob();
}

async function send(
  path: string,
  init: RequestInit,
  settings: ServerConnection.ISettings
): Promise<Response> {
  const url = URLExt.join(settings.baseUrl, NAMESPACE, path);
  try {
    return await ServerConnection.makeRequest(url, init, settings);
  } catch (error) {
    throw new ApiError(
      trans.__('Jupyter server unreachable: %1', (error as Error).message),
      'network',
      0
    );
  }
}

function jsonOrNull(text: string): any {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** The error an answer that is not ok stands for. */
function failure(status: number, body: any): ApiError {
  const message: string | undefined =
    body?.error?.message ?? body?.message ?? undefined;
  if (status === 404 && !body?.error) {
    return new ApiError(
      trans.__(
        'the jupyterlab-mlflow-traces server extension is not installed or not enabled (check `jupyter server extension list`)'
      ),
      MISSING_SERVER_EXTENSION_KIND,
      404
    );
  }
  return new ApiError(
    message ?? trans.__('server extension answered HTTP %1', status),
    body?.error?.kind ?? 'http',
    status
  );
}

/**
 * Status of the configured tracking store, or with `store` of the local store a
 * notebook kernel reported (read by the server for this request only).
 */
export function fetchStatus(store?: string): Promise<IServerStatus> {
  return requestAPI<IServerStatus>('status' + queryString({ store }));
}

/**
 * One trace. With `trackingUri` (an origin from the server's allow-list), a
 * one-shot read from that tracking server; the configured one stays.
 */
export function fetchTrace(
  traceId: string,
  options: { trackingUri?: string; store?: string; signal?: AbortSignal } = {}
): Promise<IRawTrace> {
  return requestAPI<IRawTrace>(
    tracePath(traceId, options.trackingUri, options.store),
    options.signal ? { signal: options.signal } : {}
  );
}

/** `traces/<id>[?tracking_uri=<origin>][?store=<kernel store>]`, all encoded. */
export function tracePath(
  traceId: string,
  trackingUri?: string,
  store?: string
): string {
  return (
    `traces/${encodeURIComponent(traceId)}` +
    queryString({ tracking_uri: trackingUri, store })
  );
}

/**
 * Tell the server the user's Tracking URI setting (empty: none). Only the
 * settings owner (the renderers plugin) calls this; never output content.
 */
export function putTrackingUri(trackingUri: string): Promise<unknown> {
  return requestAPI('connection', {
    method: 'PUT',
    body: JSON.stringify({ tracking_uri: trackingUri || null })
  });
}

// ---------------------------------------------------------------------------
// Sidebar: experiments and traces of the configured tracking server.
// Bodies are MLflow's own responses; normalize them with the trace model
// (`experimentsFromSearch`, `parseExperiment`, `summariesFromSearch`).

/** Sort orders the server extension accepts for experiments. */
export type ExperimentOrder =
  | 'last_update_time DESC'
  | 'last_update_time ASC'
  | 'name ASC'
  | 'name DESC'
  | 'creation_time DESC'
  | 'creation_time ASC';

/** Sort orders the server extension accepts for traces. */
export type TraceOrder =
  | 'timestamp_ms DESC'
  | 'timestamp_ms ASC'
  | 'execution_time_ms DESC'
  | 'execution_time_ms ASC';

export type TraceStatusFilter = '' | 'OK' | 'ERROR' | 'IN_PROGRESS';

/** Every sidebar query may name a notebook kernel's local store (`?store=`). */
interface IStoreQuery {
  /** A kernel's local store URI; absent: the configured tracking store. */
  store?: string;
}

export interface IExperimentsQuery extends IStoreQuery {
  /** Case-insensitive substring of the name. */
  search?: string;
  orderBy?: ExperimentOrder;
  viewType?: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
  maxResults?: number;
  pageToken?: string;
}

export interface ITracesQuery extends IStoreQuery {
  status?: TraceStatusFilter;
  /** Full text on MLflow 3; the exact trace name on MLflow 2 (see `text_filter`). */
  text?: string;
  /** Case-insensitive substring of the trace name (MLflow 3). */
  name?: string;
  sinceMs?: number;
  untilMs?: number;
  orderBy?: TraceOrder;
  maxResults?: number;
  pageToken?: string;
}

/** `experiments/<id>/traces`: MLflow's search body plus how it was searched. */
export interface ITraceSearchBody {
  /** `v3`: traces/search; `v2`: MLflow 2's GET /traces. */
  api: 'v3' | 'v2';
  /** How `text` matched: full text (MLflow 3) or the exact trace name (MLflow 2). */
  text_filter: 'full-text' | 'exact-name';
  traces?: unknown[];
  next_page_token?: string;
}

function queryString(
  params: Record<string, string | number | undefined>
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** One page of experiments (MLflow's `experiments/search` body). */
export function searchExperiments(
  query: IExperimentsQuery = {},
  init: RequestInit = {}
): Promise<unknown> {
  return requestAPI(
    'experiments' +
      queryString({
        store: query.store,
        search: query.search,
        order_by: query.orderBy,
        view_type: query.viewType,
        max_results: query.maxResults,
        page_token: query.pageToken
      }),
    init
  );
}

/** One experiment (MLflow's `experiments/get` body: `{experiment: {...}}`). */
export function fetchExperiment(
  experimentId: string,
  init: RequestInit = {},
  store?: string
): Promise<unknown> {
  return requestAPI(
    `experiments/${encodeURIComponent(experimentId)}` + queryString({ store }),
    init
  );
}

/** One page of trace infos of an experiment, without spans. */
export function searchTraces(
  experimentId: string,
  query: ITracesQuery = {},
  init: RequestInit = {}
): Promise<ITraceSearchBody> {
  return requestAPI<ITraceSearchBody>(
    `experiments/${encodeURIComponent(experimentId)}/traces` +
      queryString({
        store: query.store,
        status: query.status,
        text: query.text,
        name: query.name,
        since_ms: query.sinceMs,
        until_ms: query.untilMs,
        order_by: query.orderBy,
        max_results: query.maxResults,
        page_token: query.pageToken
      }),
    init
  );
}
