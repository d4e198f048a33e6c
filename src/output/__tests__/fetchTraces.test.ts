import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';

import { ApiError, IRawTrace } from '../../api';
import {
  AUTO_FETCH_LIMIT,
  fetchReferencedTraces,
  NOT_FOUND_RETRY_DELAYS_MS,
  RetryBudget
} from '../fetchTraces';

const rest = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '../../../fixtures/mlflow-3.17.2/decorated.rest.json'),
    'utf-8'
  )
);
const complete: IRawTrace = {
  info: rest.payload.info,
  spans: rest.payload.artifact,
  tracking_uri: 'http://127.0.0.1:5000'
};
const traceId: string = rest.expected.traces[0].trace_id;
const spanCount: number = rest.expected.traces[0].span_count;

/**
 * Hand-derived from the real fixture: what the server answers while MLflow is
 * still writing the trace (state IN_PROGRESS, first span only).
 */
function inProgress(): IRawTrace {
  const info = structuredClone(complete.info) as any;
  info.trace.trace_info.state = 'IN_PROGRESS';
  const spans = structuredClone(complete.spans) as any;
  spans.spans = spans.spans.slice(0, 1);
  return { ...complete, info, spans };
}

function answers(...items: (IRawTrace | Error)[]) {
  const calls: string[] = [];
  const fetchTrace = async (id: string) => {
    calls.push(id);
    const next = items.length > 1 ? items.shift()! : items[0];
    if (next instanceof Error) {
      throw next;
    }
    return next;
  };
  return { calls, fetchTrace };
}

/** Hand-derived too: state OK already, but only the root span written yet. */
function spansStillWritten(): IRawTrace {
  const spans = structuredClone(complete.spans) as any;
  spans.spans = spans.spans.slice(0, 1);
  return { ...complete, spans };
}

describe('fetchReferencedTraces', () => {
  it('asks again while fewer spans arrived than the trace counts', async () => {
    const { calls, fetchTrace } = answers(spansStillWritten(), complete);
    const { traces } = await fetchReferencedTraces([{ traceId }], fetchTrace, {
      budget: new RetryBudget([0, 0])
    });
    expect(calls).toHaveLength(2);
    expect(traces[0].spans).toHaveLength(spanCount);
  });

  it('asks again while the trace is still being written', async () => {
    const { calls, fetchTrace } = answers(inProgress(), inProgress(), complete);
    const { traces } = await fetchReferencedTraces([{ traceId }], fetchTrace, {
      budget: new RetryBudget([0, 0, 0])
    });
    expect(calls).toHaveLength(3);
    expect(traces[0].state).toBe('OK');
    expect(traces[0].spans).toHaveLength(spanCount);
  });

  it('shows what there is once the retries are spent', async () => {
    const { fetchTrace } = answers(inProgress());
    const { traces } = await fetchReferencedTraces([{ traceId }], fetchTrace, {
      budget: new RetryBudget([0])
    });
    expect(traces[0].state).toBe('IN_PROGRESS');
    expect(traces[0].spans).toHaveLength(1);
  });

  it('waits for a trace that is not exported yet, and reports other errors at once', async () => {
    const notFound = new ApiError(
      `trace ${traceId} not found`,
      'not-found',
      404
    );
    const later = answers(notFound, complete);
    const { traces } = await fetchReferencedTraces(
      [{ traceId }],
      later.fetchTrace,
      { budget: new RetryBudget([0]) }
    );
    expect(traces[0].spans).toHaveLength(spanCount);

    const refused = new ApiError(
      'tracking server unreachable',
      'unreachable',
      502
    );
    const failing = answers(refused);
    await expect(
      fetchReferencedTraces([{ traceId }], failing.fetchTrace, {
        budget: new RetryBudget([0, 0])
      })
    ).rejects.toThrow('tracking server unreachable');
    expect(failing.calls).toHaveLength(1);
  });

  it('a trace that never appears costs a bounded number of requests per output', async () => {
    const notFound = new ApiError('trace not found', 'not-found', 404);
    const never = answers(notFound);
    const ids = Array.from({ length: AUTO_FETCH_LIMIT }, (_, k) => ({
      traceId: `tr-never-${k}`
    }));
    // One budget for the whole output: the schedule is spent once.
    const budget = new RetryBudget(NOT_FOUND_RETRY_DELAYS_MS.map(() => 0));
    await expect(
      fetchReferencedTraces(ids, never.fetchTrace, { budget })
    ).rejects.toThrow('trace not found');
    const rounds = 1 + NOT_FOUND_RETRY_DELAYS_MS.length;
    expect(never.calls).toHaveLength(ids.length * rounds);

    // The next batch of the same output asks once per id: the budget is spent.
    never.calls.length = 0;
    await expect(
      fetchReferencedTraces(ids, never.fetchTrace, { budget })
    ).rejects.toThrow('trace not found');
    expect(never.calls).toHaveLength(ids.length);
  });

  it('only the traces still missing are asked for again', async () => {
    const notFound = new ApiError('trace not found', 'not-found', 404);
    const calls: string[] = [];
    const fetchTrace = async (id: string) => {
      calls.push(id);
      if (id === 'tr-late' && calls.filter(c => c === id).length < 3) {
        throw notFound;
      }
      return complete;
    };
    const { traces } = await fetchReferencedTraces(
      [{ traceId: 'tr-a' }, { traceId: 'tr-late' }, { traceId: 'tr-b' }],
      fetchTrace,
      { budget: new RetryBudget([0, 0, 0, 0]) }
    );
    expect(traces).toHaveLength(3);
    expect(calls.filter(c => c === 'tr-a')).toHaveLength(1);
    expect(calls.filter(c => c === 'tr-late')).toHaveLength(3);
  });

  it('keeps at most 4 requests in flight, and stops starting them when aborted', async () => {
    let inFlight = 0;
    let most = 0;
    let controller: AbortController | null = null;
    const calls: string[] = [];
    const fetchTrace = async (id: string) => {
      calls.push(id);
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise(resolve => setTimeout(resolve, 1));
      inFlight--;
      controller?.abort();
      return complete;
    };
    const ids = Array.from({ length: 10 }, (_, k) => ({ traceId: `tr-${k}` }));
    const all = await fetchReferencedTraces(ids, fetchTrace);
    expect(all.traces).toHaveLength(10);
    expect(most).toBe(4);

    // Aborted while the first 4 are in flight: none of the other 6 starts.
    calls.length = 0;
    controller = new AbortController();
    await expect(
      fetchReferencedTraces(ids, fetchTrace, { signal: controller.signal })
    ).rejects.toThrow('fetch cancelled');
    expect(calls).toHaveLength(4);
  });
});
