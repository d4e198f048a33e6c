import { ApiError, IRawTrace, transportTrans } from '../api';
import { ITrace, ITraceReference, traceFromRest } from '../model';
import { mlflowTraceJson, spansStillArriving } from '../model/trace';

/**
 * MLflow exports traces asynchronously: right after a cell, a trace may not be
 * there yet, or be there in part (state IN_PROGRESS, or fewer spans than the
 * trace's size stats count, while spans are written).
 * The waits between rounds of asking again, spent once per output.
 */
export const NOT_FOUND_RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];

/** Referenced traces fetched without a click, per output (MLflow displays at most 10). */
export const AUTO_FETCH_LIMIT = 10;

/** Requests one output has in flight at most. */
export const FETCH_CONCURRENCY = 4;

/**
 * The waits one output may still spend on traces that are not there yet.
 * Shared by every trace and every batch of the output, so a trace that never
 * appears costs a bounded number of requests per output, not per id.
 */
export class RetryBudget {
  constructor(delays: readonly number[] = NOT_FOUND_RETRY_DELAYS_MS) {
    this._delays = [...delays];
  }

  /** The next wait, or null once the budget is spent. */
  take(): number | null {
    return this._delays.shift() ?? null;
  }

  private _delays: number[];
}

export interface IFetchOptions {
  /** Defaults to a fresh budget (the whole delay schedule). */
  budget?: RetryBudget;
  concurrency?: number;
  /** Aborted: no further request starts; the promise rejects. */
  signal?: AbortSignal;
}

export interface IFetchedTraces {
  traces: ITrace[];
  /** Each trace as MLflow writes one (`{info, data: {spans}}`), for raw JSON. */
  raw: unknown[];
  trackingUri: string;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done);
  });
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) {
    throw new ApiError(transportTrans().__('fetch cancelled'), 'cancelled', 0);
  }
}

function parse(item: IRawTrace, traceId: string): ITrace {
  try {
    return traceFromRest(item.info, item.spans);
  } catch (error) {
    throw new ApiError(
      transportTrans().__(
        "trace %1: the tracking server's answer could not be read: %2",
        traceId,
        (error as Error).message
      ),
      'malformed',
      200
    );
  }
}

function isNotExportedYet(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    error.status === 404 &&
    error.kind === 'not-found'
  );
}

/** Run `task` on every item, at most `limit` at a time; the first failure stops new starts. */
async function runLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++];
      try {
        await task(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from(
    { length: Math.max(1, Math.min(limit, items.length)) },
    worker
  );
  await Promise.all(workers);
}

/**
 * Fetch and normalize the referenced traces, a few at a time. Traces that are
 * missing or still being written are asked for again in rounds, each round
 * waiting the budget's next delay; once the budget is spent, an unfinished
 * trace is shown as it is and a missing one fails. The first other failure wins.
 */
export async function fetchReferencedTraces(
  references: ITraceReference[],
  fetchTrace: (id: string, signal?: AbortSignal) => Promise<IRawTrace>,
  options: IFetchOptions = {}
): Promise<IFetchedTraces> {
  const budget = options.budget ?? new RetryBudget();
  const concurrency = options.concurrency ?? FETCH_CONCURRENCY;
  const { signal } = options;
  const fetched: ({ trace: ITrace; raw: IRawTrace } | undefined)[] = [];
  const missing = new Map<number, ApiError>();
  let pending = references.map((_, i) => i);
  for (;;) {
    const again: number[] = [];
    await runLimited(pending, concurrency, async i => {
      throwIfAborted(signal);
      const traceId = references[i].traceId;
      try {
        const raw = await fetchTrace(traceId, signal);
        const trace = parse(raw, traceId);
        fetched[i] = { trace, raw };
        missing.delete(i);
        if (trace.state === 'IN_PROGRESS' || spansStillArriving(trace)) {
          again.push(i);
        }
      } catch (error) {
        if (!isNotExportedYet(error)) {
          throw error;
        }
        missing.set(i, error);
        again.push(i);
      }
    });
    throwIfAborted(signal);
    const delay = again.length > 0 ? budget.take() : null;
    if (delay === null) {
      break;
    }
    await sleep(delay, signal);
    throwIfAborted(signal);
    pending = again.sort((a, b) => a - b);
  }
  const firstMissing = [...missing.keys()].sort((a, b) => a - b)[0];
  if (firstMissing !== undefined) {
    throw missing.get(firstMissing)!;
  }
  const done = fetched as { trace: ITrace; raw: IRawTrace }[];
  return {
    traces: done.map(f => f.trace),
    raw: done.map(f => mlflowTraceJson(f.raw.info, f.raw.spans)),
    trackingUri: done[0]?.raw.tracking_uri ?? ''
  };
}
