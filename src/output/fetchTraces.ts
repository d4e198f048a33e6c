import { ApiError, IRawTrace } from '../api';
import { ITrace, ITraceReference, traceFromRest } from '../model';

/**
 * MLflow exports traces asynchronously: right after a cell, a trace may not be
 * there yet, or be there in part (state IN_PROGRESS while spans are written).
 */
export const NOT_FOUND_RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

function parse(item: IRawTrace, traceId: string): ITrace {
  try {
    return traceFromRest(item.info, item.spans);
  } catch (error) {
    throw new ApiError(
      `trace ${traceId}: the tracking server's answer could not be read: ${(error as Error).message}`,
      'malformed',
      200
    );
  }
}

/** One trace, asked for again (spaced) while it is missing or still being written. */
async function fetchComplete(
  fetchTrace: (id: string) => Promise<IRawTrace>,
  traceId: string,
  delays: number[]
): Promise<{ trace: ITrace; raw: IRawTrace }> {
  for (let attempt = 0; ; attempt++) {
    const more = attempt < delays.length;
    try {
      const raw = await fetchTrace(traceId);
      const trace = parse(raw, traceId);
      if (trace.state !== 'IN_PROGRESS' || !more) {
        return { trace, raw };
      }
    } catch (error) {
      const notYet =
        error instanceof ApiError &&
        error.status === 404 &&
        error.kind === 'not-found';
      if (!notYet || !more) {
        throw error;
      }
    }
    await sleep(delays[attempt]);
  }
}

/** Fetch and normalize every referenced trace; the first failure wins. */
export async function fetchReferencedTraces(
  references: ITraceReference[],
  fetchTrace: (id: string) => Promise<IRawTrace>,
  delays = NOT_FOUND_RETRY_DELAYS_MS
): Promise<{ traces: ITrace[]; raw: IRawTrace[]; trackingUri: string }> {
  const fetched = await Promise.all(
    references.map(ref => fetchComplete(fetchTrace, ref.traceId, delays))
  );
  return {
    traces: fetched.map(f => f.trace),
    raw: fetched.map(f => f.raw),
    trackingUri: fetched[0]?.raw.tracking_uri ?? ''
  };
}
