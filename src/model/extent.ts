/**
 * The time a trace's spans cover, read from their own timestamps (exact
 * nanoseconds when they allow it): what `buildTrace` shows as the trace's
 * start and duration when the spans can say it.
 */
import { IRawSpan } from './spans';

const NS_PER_MS = 1e6;

/** Earliest start and latest end of the spans whose times are possible. */
interface ISpanExtent {
  startMs: number;
  /** null when no span has a possible end. */
  endMs: number | null;
  durationMs: number | null;
}

/**
 * The spans' extent, exact to the nanosecond when every time involved is an
 * exact integer (strings or safe numbers), else from the float milliseconds.
 * Spans with impossible times are left out (they are flagged elsewhere).
 */
export function spanExtent(raws: IRawSpan[]): ISpanExtent | null {
  let minMs: number | null = null;
  let maxMs: number | null = null;
  let minNs: bigint | null = null;
  let maxNs: bigint | null = null;
  let exact = true;
  for (const r of raws) {
    if (r.startMs === null || r.badStart !== undefined) {
      continue;
    }
    if (minMs === null || r.startMs < minMs) {
      minMs = r.startMs;
    }
    if (r.startNs === null) {
      exact = false;
    } else if (minNs === null || r.startNs < minNs) {
      minNs = r.startNs;
    }
    const ends =
      r.endMs !== null &&
      r.badEnd === undefined &&
      (r.startNs !== null && r.endNs !== null
        ? r.endNs >= r.startNs
        : r.endMs >= r.startMs);
    if (!ends) {
      continue;
    }
    if (maxMs === null || r.endMs! > maxMs) {
      maxMs = r.endMs;
    }
    if (r.endNs === null) {
      exact = false;
    } else if (maxNs === null || r.endNs > maxNs) {
      maxNs = r.endNs;
    }
  }
  if (minMs === null) {
    return null;
  }
  if (maxMs === null) {
    return { startMs: minMs, endMs: null, durationMs: null };
  }
  if (exact && minNs !== null && maxNs !== null) {
    return {
      startMs: minMs,
      endMs: maxMs,
      durationMs: Number(maxNs - minNs) / NS_PER_MS
    };
  }
  return {
    startMs: minMs,
    endMs: maxMs,
    durationMs: Math.max(0, maxMs - minMs)
  };
}
