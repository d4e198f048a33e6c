import { ServerConnection } from '@jupyterlab/services';
import { afterEach, describe, expect, it } from 'vitest';

import {
  ApiError,
  requestAPI,
  setTransportTranslation,
  tracePath
} from '../api';
import { englishBundle } from '../components/i18n';

/** Jupyter's answer to one request, as the browser would receive it. */
function answering(status: number, body: string, contentType: string) {
  const seen: string[] = [];
  const settings = ServerConnection.makeSettings({
    baseUrl: 'http://127.0.0.1:8888/',
    fetch: async (request: RequestInfo) => {
      seen.push((request as Request).url);
      return new Response(body, {
        status,
        headers: { 'Content-Type': contentType }
      });
    }
  } as Partial<ServerConnection.ISettings>);
  return { settings, seen };
}

async function errorOf(
  status: number,
  body: string,
  contentType = 'application/json'
): Promise<ApiError> {
  const { settings } = answering(status, body, contentType);
  try {
    await requestAPI('traces/tr-1', {}, settings);
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('no error');
}

describe('ApiError tells the failures apart', () => {
  it('an HTML 404 means the server extension is missing', async () => {
    const error = await errorOf(
      404,
      '<html><body>404 : Not Found</body></html>',
      'text/html'
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.kind).toBe('missing-server-extension');
    expect(error.message).toContain('jupyter server extension list');
  });

  it.each([
    // A bad id, in the server's words.
    [400, 'bad-request', "not a trace id: tr-'x'"],
    // A host the server configuration does not allow.
    [
      403,
      'host-not-allowed',
      'http://127.0.0.1:5001 is not an allowed tracking server (MlflowTracesConfig.allowed_tracking_uris)'
    ],
    // A trace not exported yet: a JSON 404 is no missing extension.
    [404, 'not-found', 'trace tr-1 not found']
  ])(
    'a JSON %i %s keeps its kind and message',
    async (status, kind, message) => {
      const error = await errorOf(
        status,
        JSON.stringify({ error: { kind, message } })
      );
      expect(error.kind).toBe(kind);
      expect(error.status).toBe(status);
      expect(error.message).toBe(message);
    }
  );
});

describe('tracePath', () => {
  it('asks the configured server, or one allowed origin for this fetch only', () => {
    expect(tracePath('tr-1')).toBe('traces/tr-1');
    expect(tracePath('trace:/a.b/c1', 'http://127.0.0.1:5001')).toBe(
      'traces/trace%3A%2Fa.b%2Fc1?tracking_uri=http%3A%2F%2F127.0.0.1%3A5001'
    );
  });

  it("names a notebook kernel's store, encoded, for this fetch only", () => {
    expect(
      tracePath('tr-1', undefined, 'sqlite:////home/me/a b/mlflow.db')
    ).toBe(
      'traces/tr-1?store=sqlite%3A%2F%2F%2F%2Fhome%2Fme%2Fa+b%2Fmlflow.db'
    );
  });
});

describe("the REST client's own messages are translated", () => {
  afterEach(() => setTransportTranslation(englishBundle));

  // A bundle that marks what it translates, as a language pack would change it.
  const marking = {
    ...englishBundle,
    __: (text: string, ...args: any[]) => `«${englishBundle.__(text, ...args)}»`
  };

  it('the missing extension, the HTTP status and an unreachable Jupyter server', async () => {
    setTransportTranslation(marking);
    const missing = await errorOf(404, '<html>404</html>', 'text/html');
    expect(missing.message).toBe(
      '«the jupyterlab-mlflow-traces server extension is not installed or not enabled (check `jupyter server extension list`)»'
    );
    expect((await errorOf(502, '')).message).toBe(
      '«server extension answered HTTP 502»'
    );
    const settings = ServerConnection.makeSettings({
      baseUrl: 'http://127.0.0.1:8888/',
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      }
    } as Partial<ServerConnection.ISettings>);
    const unreachable = await requestAPI('status', {}, settings).catch(
      (e: ApiError) => e
    );
    expect(unreachable.message).toBe(
      '«Jupyter server unreachable: Failed to fetch»'
    );
    expect(unreachable.kind).toBe('network');
  });

  it("the server's own words pass unchanged", async () => {
    setTransportTranslation(marking);
    const error = await errorOf(
      404,
      JSON.stringify({
        error: { kind: 'not-found', message: 'trace tr-1 not found' }
      })
    );
    expect(error.message).toBe('trace tr-1 not found');
  });
});
