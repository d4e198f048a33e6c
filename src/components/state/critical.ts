/**
 * The critical path as the span tree draws it: computed once per trace (and
 * only when asked for), grouped by span so a row finds its segments at once.
 */
import { criticalPath, ICriticalSegment } from '../../model/criticalPath';
import type { ITrace } from '../../model/types';

/** Per span on the path, its segments in time order. */
export type CriticalRows = ReadonlyMap<number, readonly ICriticalSegment[]>;

const cache = new WeakMap<ITrace, CriticalRows>();

/** Spans on the critical path (empty when the trace has none). */
export function criticalRows(trace: ITrace): CriticalRows {
  let rows = cache.get(trace);
  if (!rows) {
    const byspan = new Map<number, ICriticalSegment[]>();
    for (const seg of criticalPath(trace)?.segments ?? []) {
      const list = byspan.get(seg.spanIndex);
      if (list) {
        list.push(seg);
      } else {
        byspan.set(seg.spanIndex, [seg]);
      }
    }
    rows = byspan;
    cache.set(trace, rows);
  }
  return rows;
}

/**
 * Where the segments lie inside a span's own bar, as [left, width] percent
 * of the bar (the bar spans the span's start to its end).
 */
export function segmentsInBar(
  startMs: number,
  endMs: number,
  segments: readonly ICriticalSegment[]
): [number, number][] {
  const length = endMs - startMs;
  if (!(length > 0)) {
    return [[0, 100]];
  }
  return segments.map(s => {
    const left = Math.max(
      0,
      Math.min(100, ((s.startMs - startMs) / length) * 100)
    );
    const right = Math.max(
      left,
      Math.min(100, ((s.endMs - startMs) / length) * 100)
    );
    return [left, right - left];
  });
}
