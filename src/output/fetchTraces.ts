import { ApiError, IRawTrace } from '../api';
import { ITrace, ITraceReference, traceFromRest } from '../model';

/** MLflow exports traces asynchronously: a just-finished trace may not be there yet. */
export const NOT_FOUND_RETRY_DELAYS_MS = [500, 1000, 2000, 4000];

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

async function fetchWithRetries(
  fetchTrace: (id: string) => Promise<IRawTrace>,
  traceId: string,
  delays: number[]
): Promise<IRawTrace> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetchTrace(traceId);
    } catch (error) {
      const retry =
        error instanceof ApiError &&
        error.status === 404 &&
        error.kind === 'not-found';
      if (!retry || attempt >= delays.length) {
        throw error;
      }
      await sleep(delays[attempt]);
    }
  }
}

/** Fetch and normalize every referenced trace; the first failure wins. */
export async function fetchReferencedTraces(
  references: ITraceReference[],
  fetchTrace: (id: string) => Promise<IRawTrace>,
  delays = NOT_FOUND_RETRY_DELAYS_MS
): Promise<{ traces: ITrace[]; raw: IRawTrace[]; trackingUri: string }> {
  const raw = await Promise.all(
    references.map(ref => fetchWithRetries(fetchTrace, ref.traceId, delays))
  );
  const traces = raw.map((item, i) => {
    try {
      return traceFromRest(item.info, item.spans);
    } catch (error) {
      throw new ApiError(
        `trace ${references[i].traceId}: the tracking server's answer could not be read: ${(error as Error).message}`,
        'malformed',
        200
      );
    }
  });
  return { traces, raw, trackingUri: raw[0]?.tracking_uri ?? '' };
}
