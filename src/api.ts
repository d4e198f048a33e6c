import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

/** URL namespace of the server extension. */
export const NAMESPACE = 'jupyterlab-mlflow-traces';

/** What went wrong, in words meant for the user. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly kind: string,
    readonly status: number
  ) {
    super(message);
  }
}

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
  const url = URLExt.join(settings.baseUrl, NAMESPACE, path);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, settings);
  } catch (error) {
    throw new ApiError(
      `Jupyter server unreachable: ${(error as Error).message}`,
      'network',
      0
    );
  }
  const text = await response.text();
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message: string | undefined =
      body?.error?.message ?? body?.message ?? undefined;
    if (response.status === 404 && !body?.error) {
      throw new ApiError(
        'the jupyterlab-mlflow-traces server extension is not installed or not enabled ' +
          '(check `jupyter server extension list`)',
        'missing-server-extension',
        404
      );
    }
    throw new ApiError(
      message ?? `server extension answered ${response.status}`,
      body?.error?.kind ?? 'http',
      response.status
    );
  }
  if (body === null) {
    throw new ApiError(
      `server extension sent a response that is not JSON: ${text.slice(0, 80)}`,
      'malformed',
      response.status
    );
  }
  return body as T;
}

export function fetchStatus(): Promise<IServerStatus> {
  return requestAPI<IServerStatus>('status');
}

export function fetchTrace(traceId: string): Promise<IRawTrace> {
  return requestAPI<IRawTrace>(`traces/${encodeURIComponent(traceId)}`);
}

/** Tell the server which tracking URI the user chose (setting or consent). */
export function putTrackingUri(trackingUri: string): Promise<unknown> {
  return requestAPI('connection', {
    method: 'PUT',
    body: JSON.stringify({ tracking_uri: trackingUri })
  });
}
