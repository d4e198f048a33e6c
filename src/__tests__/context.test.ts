import { describe, expect, it } from 'vitest';

import { ApiError, IServerStatus } from '../api';
import { ITraceServerApi, TraceServices } from '../context';
import { DEFAULT_SETTINGS, readSettings } from '../settings';
import type { IConnectionChange } from '../tokens';

/** The server extension's calls, recorded; `put` answers as told. */
function recordingApi(
  put: (uri: string) => Promise<unknown> = async () => ({})
) {
  const puts: string[] = [];
  let statusCalls = 0;
  const api: ITraceServerApi = {
    fetchStatus: async () => {
      statusCalls++;
      return { tracking_uri: 'http://127.0.0.1:5000' } as IServerStatus;
    },
    fetchTrace: async () => {
      throw new Error('not used');
    },
    putTrackingUri: uri => {
      puts.push(uri);
      return put(uri);
    }
  };
  return { api, puts, statusCalls: () => statusCalls };
}

function listen(services: TraceServices) {
  const settings: unknown[] = [];
  const connections: IConnectionChange[] = [];
  services.settingsChanged.connect((_, s) => settings.push(s));
  services.connectionChanged.connect((_, c) => connections.push(c));
  return { settings, connections };
}

describe('TraceServices: the one owner of the setting', () => {
  it('sends the Tracking URI once at start and once per change of it', async () => {
    const { api, puts } = recordingApi();
    const services = new TraceServices(api);
    const seen = listen(services);
    let ready = false;
    void services.connectionReady.then(() => (ready = true));

    await services.applySettings(readSettings({}));
    expect(puts).toEqual(['']);
    expect(ready).toBe(true);
    expect(seen.connections).toEqual([{ trackingUri: '', error: null }]);
    expect(seen.settings).toHaveLength(0); // defaults: nothing changed

    // Another setting changes: outputs hear of it, the server does not.
    await services.applySettings(readSettings({ viewerHeight: 600 }));
    expect(puts).toEqual(['']);
    expect(seen.settings).toEqual([{ ...DEFAULT_SETTINGS, viewerHeight: 600 }]);
    expect(services.settings.viewerHeight).toBe(600);
    expect(Object.isFrozen(services.settings)).toBe(true);

    await services.applySettings(
      readSettings({ viewerHeight: 600, trackingUri: ' http://mlflow:5000 ' })
    );
    expect(puts).toEqual(['', 'http://mlflow:5000']);
    expect(seen.connections.map(c => c.trackingUri)).toEqual([
      '',
      'http://mlflow:5000'
    ]);
  });

  it('forgets the cached status when the connection changes', async () => {
    const recorded = recordingApi();
    const services = new TraceServices(recorded.api);
    await services.status();
    await services.status();
    expect(recorded.statusCalls()).toBe(1);
    await services.applySettings(readSettings({ trackingUri: 'http://a:1' }));
    await services.status();
    expect(recorded.statusCalls()).toBe(2);
  });

  it('a URI fixed by the server configuration (409) is no error; a refused one is reported', async () => {
    const { api } = recordingApi(async uri => {
      if (uri === 'http://a:1') {
        throw new ApiError('fixed by the server configuration', 'fixed', 409);
      }
      throw new ApiError(
        'not an http(s) tracking URI: file:///etc',
        'bad-request',
        400
      );
    });
    const services = new TraceServices(api);
    const seen = listen(services);
    await services.applySettings(readSettings({ trackingUri: 'http://a:1' }));
    await services.applySettings(readSettings({ trackingUri: 'file:///etc' }));
    expect(seen.connections[0]).toEqual({
      trackingUri: 'http://a:1',
      error: null
    });
    expect(seen.connections[1].error?.message).toBe(
      'not an http(s) tracking URI: file:///etc'
    );
  });

  it('quick changes are sent in order, and only the last one is announced', async () => {
    const release: (() => void)[] = [];
    const { api, puts } = recordingApi(
      () => new Promise<void>(resolve => release.push(resolve))
    );
    const services = new TraceServices(api);
    const seen = listen(services);
    const tick = () => new Promise(resolve => setTimeout(resolve, 0));
    const first = services.applySettings(
      readSettings({ trackingUri: 'http://a:1' })
    );
    await tick();
    expect(puts).toEqual(['http://a:1']);
    // Two changes while the first PUT is in flight: one PUT at a time, and
    // 'http://b:2' is superseded before its turn.
    const second = services.applySettings(
      readSettings({ trackingUri: 'http://b:2' })
    );
    const third = services.applySettings(
      readSettings({ trackingUri: 'http://c:3' })
    );
    await tick();
    expect(puts).toEqual(['http://a:1']);
    release.shift()!();
    await first;
    await tick();
    expect(puts).toEqual(['http://a:1', 'http://c:3']);
    release.shift()!();
    await Promise.all([second, third]);
    expect(seen.connections.map(c => c.trackingUri)).toEqual(['http://c:3']);
  });

  it('without settings the server keeps its own configuration', async () => {
    const { api, puts } = recordingApi();
    const services = new TraceServices(api);
    services.settingsUnavailable();
    await services.connectionReady;
    expect(puts).toEqual([]);
  });
});
