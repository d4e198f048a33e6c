import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';

import { ApiError, IRawTrace } from '../../api';
import { fetchReferencedTraces } from '../fetchTraces';

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

describe('fetchReferencedTraces', () => {
  it('asks again while the trace is still being written', async () => {
    const { calls, fetchTrace } = answers(inProgress(), inProgress(), complete);
    const { traces } = await fetchReferencedTraces(
      [{ traceId }],
      fetchTrace,
      [0, 0, 0]
    );
    expect(calls).toHaveLength(3);
    expect(traces[0].state).toBe('OK');
    expect(traces[0].spans).toHaveLength(spanCount);
  });

  it('shows what there is once the retries are spent', async () => {
    const { fetchTrace } = answers(inProgress());
    const { traces } = await fetchReferencedTraces(
      [{ traceId }],
      fetchTrace,
      [0]
    );
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
      [0]
    );
    expect(traces[0].spans).toHaveLength(spanCount);

    const refused = new ApiError(
      'tracking server unreachable',
      'unreachable',
      502
    );
    const failing = answers(refused);
    await expect(
      fetchReferencedTraces([{ traceId }], failing.fetchTrace, [0, 0])
    ).rejects.toThrow('tracking server unreachable');
    expect(failing.calls).toHaveLength(1);
  });
});
