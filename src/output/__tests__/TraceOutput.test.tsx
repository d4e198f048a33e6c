// @vitest-environment jsdom
/**
 * One output's fetch flow with the real model and real MLflow payloads
 * (fixtures/mlflow-3.17.2); only the Jupyter server is a stand-in.
 */
import * as fs from 'fs';
import * as path from 'path';
import React from 'react';
import { Signal } from '@lumino/signaling';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  act,
  cleanup,
  fireEvent,
  render,
  screen,
  waitFor,
  within
} from '@testing-library/react';

import { ApiError, IRawTrace, IServerStatus } from '../../api';
import { englishBundle, TranslationBundle } from '../../components/i18n';
import { parseMimeBundle } from '../../model';
import { DEFAULT_SETTINGS, IViewerSettings } from '../../settings';
import type { IConnectionChange, IFetchTraceOptions } from '../../tokens';
import { AUTO_FETCH_LIMIT, NOT_FOUND_RETRY_DELAYS_MS } from '../fetchTraces';
import { largeStructureBundle } from '../../model/__tests__/largeStructure';
import { parseOutputBundle } from '../slicedBuild';
import { TraceOutput } from '../TraceOutput';
import type { ITraceOutputServices } from '../useReferenceFetch';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const FIXTURES = path.join(__dirname, '../../../fixtures/mlflow-3.17.2');
function fixture(name: string): any {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf-8'));
}

const CONFIGURED = 'http://127.0.0.1:5000';
const rest = fixture('decorated.rest.json');
const answer: IRawTrace = {
  info: rest.payload.info,
  spans: rest.payload.artifact,
  tracking_uri: CONFIGURED
};
/** MLflow's own iframe output; it names the server it was logged to. */
const iframeBundle: Record<string, unknown> = fixture(
  'decorated.iframe.json'
).payload;
const iframeResult = parseMimeBundle(iframeBundle);
if (iframeResult.kind !== 'references' || !iframeResult.trackingUri) {
  throw new Error('the iframe fixture should name its tracking server');
}
const OTHER_ORIGIN = new URL(iframeResult.trackingUri).origin;
const iframeRef = iframeResult.references[0];

/**
 * Hand-built from the documented Databricks shape "a list of trace ids"
 * (what `application/databricks.mlflow.trace` holds for referenced traces).
 */
function idsBundle(count: number): Record<string, unknown> {
  const ids = Array.from({ length: count }, (_, k) => `tr-${k}`);
  return { 'application/databricks.mlflow.trace': JSON.stringify(ids) };
}

function fakeServices(
  options: {
    status?: Partial<IServerStatus>;
    fetchTrace?: (id: string, o: IFetchTraceOptions) => Promise<IRawTrace>;
  } = {}
) {
  const calls: { id: string; trackingUri?: string }[] = [];
  const sender = {};
  const connectionChanged = new Signal<any, IConnectionChange>(sender);
  const services: ITraceOutputServices = {
    status: async () =>
      ({
        tracking_uri: CONFIGURED,
        allowed_tracking_uris: [],
        ...options.status
      }) as IServerStatus,
    fetchTrace: (id, o = {}) => {
      calls.push({ id, trackingUri: o.trackingUri });
      return (options.fetchTrace ?? (async () => answer))(id, o);
    },
    connectionChanged
  };
  return { services, calls, connectionChanged };
}

function renderOutput(
  data: Record<string, unknown>,
  services: ITraceOutputServices,
  settings: Readonly<IViewerSettings> = DEFAULT_SETTINGS,
  trans?: TranslationBundle
) {
  const props = {
    // What the renderer passes (large outputs are deferred).
    result: parseOutputBundle(data),
    data,
    services,
    renderMarkdown: async () => undefined,
    trans
  };
  const view = render(<TraceOutput {...props} settings={settings} />);
  return {
    ...view,
    update: (next: Readonly<IViewerSettings>) =>
      view.rerender(<TraceOutput {...props} settings={next} />)
  };
}

const spansTree = () => screen.findByRole('tree', { name: 'Spans' });

describe('TraceOutput: referenced traces', () => {
  it('an output with 2,000 ids fetches the first 10 without a click, the next 10 on one', async () => {
    const { services, calls } = fakeServices();
    renderOutput(idsBundle(2000), services);
    await spansTree();
    expect(await screen.findByText('Showing 10 of 2,000 referenced traces.'));
    expect(calls.map(c => c.id)).toEqual(
      Array.from({ length: AUTO_FETCH_LIMIT }, (_, k) => `tr-${k}`)
    );

    fireEvent.click(screen.getByRole('button', { name: 'Fetch 10 more' }));
    await screen.findByText('Showing 20 of 2,000 referenced traces.');
    expect(calls).toHaveLength(20);
    expect(calls[19].id).toBe('tr-19');
  });

  it('a trace that is never found costs a bounded number of requests per output', async () => {
    vi.useFakeTimers();
    const { services, calls } = fakeServices({
      fetchTrace: async id => {
        throw new ApiError(`trace ${id} not found`, 'not-found', 404);
      }
    });
    renderOutput(idsBundle(2000), services);
    const schedule = NOT_FOUND_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    await act(() => vi.advanceTimersByTimeAsync(schedule + 1000));
    // Later waits are never spent: the budget is the output's, not per id.
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    vi.useRealTimers();
    expect(screen.getByRole('alert').textContent).toContain(
      'trace tr-0 not found'
    );
    expect(calls.length).toBe(
      AUTO_FETCH_LIMIT * (1 + NOT_FOUND_RETRY_DELAYS_MS.length)
    );

    // Retry is one more round for the output, without a new budget.
    calls.length = 0;
    fireEvent.click(
      screen.getByRole('button', { name: 'Retry fetching the trace' })
    );
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('not found')
    );
    expect(calls).toHaveLength(AUTO_FETCH_LIMIT);
  });

  it('with automatic fetching off, nothing is fetched until the click', async () => {
    const { services, calls } = fakeServices();
    renderOutput(idsBundle(3), services, {
      ...DEFAULT_SETTINGS,
      autoFetchReferences: false
    });
    const button = await screen.findByRole('button', {
      name: 'Fetch from http://127.0.0.1:5000'
    });
    expect(calls).toHaveLength(0);
    fireEvent.click(button);
    await spansTree();
    expect(calls.map(c => c.id)).toEqual(['tr-0', 'tr-1', 'tr-2']);
    expect(calls.every(c => c.trackingUri === undefined)).toBe(true);
  });

  it('switching automatic fetching on fetches what an open output waits for', async () => {
    const { services, calls } = fakeServices();
    const { update } = renderOutput(idsBundle(2), services, {
      ...DEFAULT_SETTINGS,
      autoFetchReferences: false
    });
    await screen.findByText('Automatic fetching is off.');
    expect(calls).toHaveLength(0);
    update({ ...DEFAULT_SETTINGS, autoFetchReferences: true });
    await spansTree();
    expect(calls.map(c => c.id)).toEqual(['tr-0', 'tr-1']);
  });

  it('new settings reach an open output without fetching again', async () => {
    const { services, calls } = fakeServices();
    const { container, update } = renderOutput(idsBundle(1), services);
    await spansTree();
    const viewer = () =>
      container.querySelector<HTMLElement>('.jp-MlflowTrace')!;
    const before = viewer().style.height;
    update({ ...DEFAULT_SETTINGS, viewerHeight: 200 });
    await waitFor(() => expect(viewer().style.height).toBe('200px'));
    expect(before).not.toBe('200px');
    expect(calls).toHaveLength(1);
  });
});

describe('TraceOutput: an output naming another tracking server', () => {
  it('shows the host and a browser link, and fetches nothing', async () => {
    const { services, calls } = fakeServices();
    renderOutput(iframeBundle, services);
    await screen.findByText(new RegExp(`Logged to ${OTHER_ORIGIN}`));
    const link = screen.getByRole('link', { name: /Open in MLflow UI/ });
    expect(link.getAttribute('href')).toBe(
      `${OTHER_ORIGIN}/#/experiments/${iframeRef.experimentId}?selectedTraceId=${iframeRef.traceId}`
    );
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(screen.queryByRole('button', { name: /Fetch/ })).toBeNull();
    expect(calls).toHaveLength(0);
  });

  it('offers a one-shot fetch through the server only for an allow-listed origin', async () => {
    const { services, calls } = fakeServices({
      status: { allowed_tracking_uris: [OTHER_ORIGIN.toUpperCase()] }
    });
    renderOutput(iframeBundle, services);
    const button = await screen.findByRole('button', {
      name: `Fetch from ${OTHER_ORIGIN}`
    });
    expect(calls).toHaveLength(0);
    fireEvent.click(button);
    await spansTree();
    expect(calls).toEqual([
      { id: iframeRef.traceId, trackingUri: OTHER_ORIGIN }
    ]);
  });

  it('looks again when the connection changes', async () => {
    let configured = CONFIGURED;
    const { services, calls, connectionChanged } = fakeServices();
    services.status = async () =>
      ({ tracking_uri: configured, allowed_tracking_uris: [] }) as any;
    renderOutput(iframeBundle, services);
    await screen.findByText(new RegExp(`Logged to ${OTHER_ORIGIN}`));
    // The user set the Tracking URI setting to the output's server.
    configured = OTHER_ORIGIN;
    act(() => connectionChanged.emit({ trackingUri: configured, error: null }));
    await spansTree();
    expect(calls).toEqual([{ id: iframeRef.traceId, trackingUri: undefined }]);
  });
});

describe('TraceOutput: errors', () => {
  it.each([
    [
      new ApiError(
        'the jupyterlab-mlflow-traces server extension is not installed or not enabled',
        'missing-server-extension',
        404
      ),
      'Server extension missing'
    ],
    [
      new ApiError('not a trace id: tr-0', 'bad-request', 400),
      'Not a valid trace id'
    ],
    [
      new ApiError(
        `${OTHER_ORIGIN} is not an allowed tracking server`,
        'host-not-allowed',
        403
      ),
      'Tracking server not allowed'
    ]
  ])('%s', async (error, title) => {
    const { services } = fakeServices({
      fetchTrace: async () => {
        throw error;
      }
    });
    renderOutput(idsBundle(1), services);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(`${title}: ${error.message}`);
    // A second try cannot fix these.
    expect(screen.queryByRole('button', { name: /Retry/ })).toBeNull();
  });
});

describe('TraceOutput: translation', () => {
  it('shows its own text through the bundle it is given', async () => {
    const { services } = fakeServices();
    const data = idsBundle(2000);
    // A marking bundle: what a user of another language would see translated.
    const marked = (text: string, args: unknown[]) =>
      `«${text.replace(/%(\d)/g, (_, k) => String(args[Number(k) - 1]))}»`;
    const trans = {
      ...englishBundle,
      __: (text: string, ...args: unknown[]) => marked(text, args),
      _n: (one: string, many: string, n: number, ...args: unknown[]) =>
        marked(n === 1 ? one : many, [n, ...args])
    } as TranslationBundle;
    renderOutput(data, services, DEFAULT_SETTINGS, trans);
    expect(
      await screen.findByText('«Showing 10 of 2,000 referenced traces.»')
    ).toBeTruthy();
    expect(
      screen.getByRole('button', { name: '«Fetch 10 more»' })
    ).toBeTruthy();
  });
});

describe('TraceOutput: a 50,000-span output', () => {
  it('says it is reading the spans, then shows the whole tree from its root', async () => {
    const { services } = fakeServices();
    const data = largeStructureBundle(50_000);
    renderOutput(data, services);
    expect(screen.getByRole('status').textContent).toBe(
      'Reading 50,000 spans…'
    );
    const tree = await screen.findByRole(
      'tree',
      { name: 'Spans' },
      { timeout: 60_000 }
    );
    const rows = within(tree).getAllByRole('treeitem');
    expect(rows[0].textContent).toContain('agent');
    expect(rows[1].textContent).toContain('step');
    // Only the rows in view are in the page, not 50,000.
    expect(rows.length).toBeLessThan(200);
    expect(screen.getByText(/50,000 spans/)).toBeTruthy();
    expect(screen.queryByText('Reading 50,000 spans…')).toBeNull();
  }, 90_000);
});
