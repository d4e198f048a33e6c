// @vitest-environment jsdom
/**
 * Embedded traces and the tracking server's copies (issue #9, items 7 and 8),
 * with real MLflow payloads (fixtures/mlflow-3.17.2); only the Jupyter server
 * is a stand-in.
 */
import * as fs from 'fs';
import * as path from 'path';
import React from 'react';
import { Signal } from '@lumino/signaling';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  act,
  cleanup,
  render,
  screen,
  waitFor,
  within
} from '@testing-library/react';

import { ApiError, IRawTrace, IServerStatus } from '../../api';
import { MLFLOW_TRACE_MIME, parseMimeBundle } from '../../model';
import { TRUNCATION_KEY } from '../../model/truncation';
import { DEFAULT_SETTINGS } from '../../settings';
import type { IConnectionChange } from '../../tokens';
import { NOT_FOUND_RETRY_DELAYS_MS } from '../fetchTraces';
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
const trace = fixture('decorated.trace.json').payload;
const rest = fixture('decorated.rest.json').payload;
const answer: IRawTrace = {
  info: rest.info,
  spans: rest.artifact,
  tracking_uri: CONFIGURED
};
const QUESTION = '東京の天気は？ 傘は必要ですか 🌧️☂️';

/** The envelope the kernel hook writes for this trace, logged to `trackingUri`. */
function envelope(
  trackingUri: string,
  traces: unknown[] = [trace]
): Record<string, unknown> {
  return {
    [MLFLOW_TRACE_MIME]: { version: 2, traces, tracking_uri: trackingUri }
  };
}

/**
 * Hand-written (labelled): the root span's inputs replaced by a truncation
 * marker, the shape `_marker` in kernel_hook/envelope.py writes for a string value.
 */
function cappedEnvelope(): Record<string, unknown> {
  const capped = JSON.parse(JSON.stringify(trace));
  const root = capped.data.spans[0];
  root.attributes['mlflow.spanInputs'] = JSON.stringify({
    [TRUNCATION_KEY]: true,
    original_size: 2_500_000,
    preview: '{"question": "東京'
  });
  const data = envelope(CONFIGURED, [capped]);
  (data[MLFLOW_TRACE_MIME] as any).truncated = true;
  return data;
}

function services(fetchTrace: (id: string) => Promise<IRawTrace>) {
  const calls: string[] = [];
  const s: ITraceOutputServices = {
    status: async () =>
      ({
        tracking_uri: CONFIGURED,
        allowed_tracking_uris: []
      }) as unknown as IServerStatus,
    fetchTrace: id => {
      calls.push(id);
      return fetchTrace(id);
    },
    connectionChanged: new Signal<any, IConnectionChange>({})
  };
  return { services: s, calls };
}

function renderOutput(
  data: Record<string, unknown>,
  s: ITraceOutputServices
): void {
  render(
    <TraceOutput
      result={parseMimeBundle(data)}
      data={data}
      services={s}
      settings={DEFAULT_SETTINGS}
      renderMarkdown={async () => undefined}
    />
  );
}

const link = () => screen.queryByRole('link', { name: /Open in MLflow UI/ });

describe('an embedded trace the tracking server never stored', () => {
  it('says so once the retries are spent, and hides "Open in MLflow UI"', async () => {
    vi.useFakeTimers();
    const { services: s, calls } = services(async id => {
      throw new ApiError(
        `trace ${id} not found on ${CONFIGURED}`,
        'not-found',
        404
      );
    });
    renderOutput(envelope(CONFIGURED), s);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(link()).not.toBeNull(); // asked, not answered yet
    const schedule = NOT_FOUND_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    await act(() => vi.advanceTimersByTimeAsync(schedule + 1000));
    vi.useRealTimers();
    expect(screen.getByRole('note', { name: '' }).textContent).toContain(
      'Not stored on the tracking server: http://127.0.0.1:5000 has no trace with this id'
    );
    expect(link()).toBeNull();
    // One trace, one budget: the first try and one per wait, no more.
    expect(calls).toHaveLength(1 + NOT_FOUND_RETRY_DELAYS_MS.length);
    // The embedded trace is still all there.
    expect(screen.getByRole('tree', { name: 'Spans' })).toBeTruthy();
  });

  it('an unreachable server is "could not check", not "not stored", and the link stays', async () => {
    const { services: s } = services(async () => {
      throw new ApiError(
        `tracking server unreachable at ${CONFIGURED}: connection refused`,
        'unreachable',
        502
      );
    });
    renderOutput(envelope(CONFIGURED), s);
    await waitFor(() =>
      expect(document.body.textContent).toContain(
        `Could not check whether the tracking server stored this trace: tracking server unreachable at ${CONFIGURED}: connection refused`
      )
    );
    expect(document.body.textContent).not.toContain('Not stored');
    expect(link()).not.toBeNull();
  });

  it('a stored trace shows no note', async () => {
    const { services: s, calls } = services(async () => answer);
    renderOutput(envelope(CONFIGURED), s);
    await waitFor(() => expect(calls).toHaveLength(1));
    await screen.findByRole('tree', { name: 'Spans' });
    expect(document.body.textContent).not.toContain('Not stored');
    expect(document.body.textContent).not.toContain('Could not check');
    expect(link()).not.toBeNull();
  });

  it('a trace logged to another server is not looked up there or here', async () => {
    const { services: s, calls } = services(async () => answer);
    renderOutput(envelope('http://mlflow.example.com:5000'), s);
    await screen.findByRole('tree', { name: 'Spans' });
    await act(() => new Promise(r => setTimeout(r, 50)));
    expect(calls).toEqual([]);
  });
});

describe('values cut by the size cap', () => {
  it('fetch the full trace from the server, saying so meanwhile', async () => {
    let release: (raw: IRawTrace) => void = () => undefined;
    const { services: s, calls } = services(
      () => new Promise(resolve => (release = resolve))
    );
    renderOutput(cappedEnvelope(), s);
    const inputs = await screen.findByRole('region', { name: 'Inputs' });
    await waitFor(() =>
      expect(inputs.textContent).toContain(
        'Value cut by the size cap (2.4 MB); fetching full value…'
      )
    );
    expect(calls).toEqual(['tr-4868aaf1d7d62242c54443254657d2fa']);
    await act(async () => release(answer));
    const full = await screen.findByRole('region', { name: 'Inputs' });
    await waitFor(() => expect(full.textContent).toContain(QUESTION));
    expect(full.textContent).not.toContain('size cap');
  });

  it('a failed fetch says why, next to the capped value', async () => {
    const { services: s } = services(async () => {
      throw new ApiError(
        `tracking server unreachable at ${CONFIGURED}: connection refused`,
        'unreachable',
        502
      );
    });
    renderOutput(cappedEnvelope(), s);
    const inputs = await screen.findByRole('region', { name: 'Inputs' });
    await waitFor(() =>
      expect(within(inputs).getByRole('alert').textContent).toBe(
        `Value cut by the size cap (2.4 MB); could not fetch the full value: tracking server unreachable at ${CONFIGURED}: connection refused`
      )
    );
  });
});
