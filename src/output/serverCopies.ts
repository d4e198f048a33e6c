/**
 * Embedded traces and the tracking server's copies of them. An output that
 * embeds full traces asks the configured server for each (first ones only):
 * a 404 means the server never stored it ("Open in MLflow UI" would lead
 * nowhere), an unreachable server means nothing is known; a trace whose
 * values the kernel's size cap cut is replaced by the server's full copy.
 *
 * Bounded: only outputs on screen ask, at most AUTO_FETCH_LIMIT traces each,
 * one retry budget per output (MLflow exports asynchronously), and few
 * requests at once for the whole page. Only the configured server is asked,
 * and only about traces an output says were logged there.
 */
import React from 'react';

import { ApiError, IServerStatus } from '../api';
import type { ServerCopyState } from '../components/serverCopy';
import type { ITrace, ParseResult } from '../model';
import {
  AUTO_FETCH_LIMIT,
  fetchReferencedTraces,
  RetryBudget
} from './fetchTraces';
import { hostLabel, isConfiguredHost, originOf } from './hosts';
import type { ITraceOutputServices } from './useReferenceFetch';

/** Checks in flight at once across every output of the page. */
export const SERVER_COPY_CONCURRENCY = 2;

/** A small FIFO semaphore: at most `limit` tasks run at once. */
class Limiter {
  constructor(readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this._running >= this.limit) {
      await new Promise<void>(resolve => this._waiting.push(resolve));
    }
    this._running++;
    try {
      return await task();
    } finally {
      this._running--;
      this._waiting.shift()?.();
    }
  }

  private _running = 0;
  private _waiting: (() => void)[] = [];
}

const pageLimiter = new Limiter(SERVER_COPY_CONCURRENCY);

export interface IServerCopies {
  /** Per embedded trace: what the server holds (undefined: not asked yet). */
  states: (ServerCopyState | undefined)[];
  /** Per trace: the server's full copy that replaces a capped one. */
  replacements: ({ trace: ITrace; raw: unknown } | undefined)[];
}

const NONE: IServerCopies = { states: [], replacements: [] };

/** Whether the output's tracking URI is the store the Jupyter server reads. */
function loggedToConfigured(
  outputUri: string | undefined,
  status: IServerStatus
): boolean {
  if (!outputUri) {
    return false;
  }
  return (
    outputUri === status.tracking_uri ||
    (originOf(outputUri) !== null &&
      isConfiguredHost(outputUri, status.tracking_uri))
  );
}

/** Ask about one trace: its state, and its full copy when it was capped. */
async function askOne(
  trace: ITrace,
  host: string,
  services: ITraceOutputServices,
  budget: RetryBudget,
  signal: AbortSignal
): Promise<{
  state: ServerCopyState;
  replacement?: IServerCopies['replacements'][0];
}> {
  try {
    const fetched = await pageLimiter.run(() =>
      fetchReferencedTraces(
        [{ traceId: trace.traceId }],
        (id, s) => services.fetchTrace(id, { signal: s }),
        { budget, signal, concurrency: 1 }
      )
    );
    const copy = fetched.traces[0];
    // An unfinished server copy with fewer spans would show less, not more.
    const better =
      trace.truncated && copy && copy.spans.length >= trace.spans.length;
    return {
      state: { kind: 'stored', host },
      replacement: better ? { trace: copy, raw: fetched.raw[0] } : undefined
    };
  } catch (error) {
    if (
      error instanceof ApiError &&
      error.status === 404 &&
      error.kind === 'not-found'
    ) {
      return { state: { kind: 'not-stored', host } };
    }
    return {
      state: { kind: 'unknown', host, message: (error as Error).message }
    };
  }
}

/**
 * The server copies of an output's embedded traces, asked for once `visible`
 * turns true (and again for a new result).
 */
export function useServerCopies(
  result: ParseResult,
  services: ITraceOutputServices,
  visible: boolean
): IServerCopies {
  const [copies, setCopies] = React.useState<IServerCopies>(NONE);
  const asked = visible && result.kind === 'traces';

  React.useEffect(() => {
    setCopies(NONE);
    if (!asked || result.kind !== 'traces') {
      return;
    }
    const controller = new AbortController();
    const { signal } = controller;
    const traces = result.traces;
    const update = (i: number, state: ServerCopyState, r?: any) =>
      setCopies(prev => {
        const states = [...prev.states];
        const replacements = [...prev.replacements];
        states[i] = state;
        replacements[i] = r ?? replacements[i];
        return { states, replacements };
      });
    const run = async () => {
      let status: IServerStatus;
      try {
        status = await services.status();
      } catch (error) {
        const message = (error as Error).message;
        traces.forEach((_, i) =>
          update(i, { kind: 'unknown', host: 'the Jupyter server', message })
        );
        return;
      }
      if (signal.aborted) {
        return;
      }
      if (!loggedToConfigured(result.trackingUri, status)) {
        const reason = result.trackingUri
          ? `it was logged to ${hostLabel(result.trackingUri)}, not to the configured tracking server.`
          : 'the output does not say which tracking server the trace was logged to.';
        traces.forEach((_, i) => update(i, { kind: 'not-asked', reason }));
        return;
      }
      const host = originOf(status.tracking_uri) ?? status.tracking_uri;
      const budget = new RetryBudget();
      traces.forEach((_, i) =>
        update(
          i,
          i < AUTO_FETCH_LIMIT
            ? { kind: 'checking', host }
            : {
                kind: 'not-asked',
                reason: `only the first ${AUTO_FETCH_LIMIT} traces of an output are looked up.`
              }
        )
      );
      for (let i = 0; i < Math.min(traces.length, AUTO_FETCH_LIMIT); i++) {
        const { state, replacement } = await askOne(
          traces[i],
          host,
          services,
          budget,
          signal
        );
        if (signal.aborted) {
          return;
        }
        update(i, state, replacement);
      }
    };
    void run();
    return () => controller.abort();
  }, [result, services, asked]);

  return copies;
}

/** Calls back `true` once `el` is on screen (at once without IntersectionObserver). */
export function useSeen(el: Element | null): boolean {
  const [seen, setSeen] = React.useState(false);
  React.useEffect(() => {
    if (!el || seen) {
      return;
    }
    if (typeof IntersectionObserver === 'undefined') {
      setSeen(true);
      return;
    }
    const observer = new IntersectionObserver(entries => {
      if (entries.some(e => e.isIntersecting)) {
        setSeen(true);
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [el, seen]);
  return seen;
}
