/**
 * Traces marked in the sidebar to compare: at most two, in the order they
 * were marked. Pure functions over an immutable list (the sidebar model
 * keeps it in its snapshot).
 */
import type { ITraceSummary } from '../../model/types';

/** A comparison needs two traces; marking a third lets go of the first. */
export const MAX_MARKS = 2;

export type TraceMarks = readonly ITraceSummary[];

export function isMarked(marks: TraceMarks, traceId: string): boolean {
  return marks.some(m => m.traceId === traceId);
}

/** Mark `trace`, or unmark it when it is marked. */
export function toggleMark(
  marks: TraceMarks,
  trace: ITraceSummary
): TraceMarks {
  if (isMarked(marks, trace.traceId)) {
    return marks.filter(m => m.traceId !== trace.traceId);
  }
  return [...marks, trace].slice(-MAX_MARKS);
}

/**
 * The two marked traces as the comparison shows them: the one that started
 * first is A (before), as "Compare with…" orders them. Null unless exactly
 * two are marked.
 */
export function comparePair(
  marks: TraceMarks
): [ITraceSummary, ITraceSummary] | null {
  if (marks.length !== 2) {
    return null;
  }
  const [first, second] = marks;
  const later =
    first.startMs !== null &&
    second.startMs !== null &&
    second.startMs < first.startMs;
  return later ? [second, first] : [first, second];
}
