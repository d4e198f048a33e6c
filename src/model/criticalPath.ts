/**
 * The critical path of a trace: the chain of spans that decides when the
 * trace ends, as Jaeger draws it.
 *
 * Walked backwards from the end of the root that ends last: a span's last
 * finishing child is on the path, then the child that finished before that
 * one started, and so on; the gaps between them are the parent's own time.
 * A child that overlaps the next one on the path counts only up to where
 * that one starts (Jaeger's rule). Spans without a usable duration (still
 * running, impossible times) are never on the path.
 *
 * Pure data: spans are indices into `ITrace.spans`.
 */
import type { ISpan, ITrace } from './types';

/** Part of one span's time that is on the critical path. */
export interface ICriticalSegment {
  spanIndex: number;
  startMs: number;
  endMs: number;
}

export interface ICriticalPath {
  /** Ordered by time, earliest first. */
  segments: ICriticalSegment[];
  /** Every span with at least one segment on the path. */
  spanIndices: ReadonlySet<number>;
}

function hasTimes(span: ISpan): span is ISpan & { endMs: number } {
  return (
    span.durationMs !== null &&
    span.endMs !== null &&
    Number.isFinite(span.startMs) &&
    Number.isFinite(span.endMs)
  );
}

/** The critical path, or null when no root has a usable duration. */
export function criticalPath(trace: ITrace): ICriticalPath | null {
  let last: ISpan | null = null;
  for (const i of trace.rootIndices) {
    const root = trace.spans[i];
    if (hasTimes(root) && (last === null || root.endMs! > last.endMs!)) {
      last = root;
    }
  }
  if (last === null) {
    return null;
  }
  const segments: ICriticalSegment[] = [];
  // An explicit stack, not recursion: agent traces can nest thousands deep.
  const stack: { span: ISpan; endBound: number }[] = [
    { span: last, endBound: last.endMs! }
  ];
  while (stack.length > 0) {
    const { span, endBound } = stack.pop()!;
    const walked = walkSpan(trace, span, endBound);
    segments.push(...walked.segments);
    // Children visited later in time are pushed first: pop order is by time, latest last.
    for (let k = walked.children.length - 1; k >= 0; k--) {
      stack.push(walked.children[k]);
    }
  }
  segments.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  return {
    segments,
    spanIndices: new Set(segments.map(s => s.spanIndex))
  };
}

/**
 * One span's own segments up to `endBound`, and the children on the path
 * (each with the bound it is cut at), earliest first.
 */
function walkSpan(
  trace: ITrace,
  span: ISpan,
  endBound: number
): {
  segments: ICriticalSegment[];
  children: { span: ISpan; endBound: number }[];
} {
  const start = span.startMs;
  let cursor = Math.min(span.endMs!, endBound);
  const segments: ICriticalSegment[] = [];
  const children: { span: ISpan; endBound: number }[] = [];
  const candidates = span.childIndices
    .map(i => trace.spans[i])
    .filter(hasTimes)
    .sort((a, b) => b.endMs! - a.endMs!);
  for (const child of candidates) {
    if (cursor <= start) {
      break;
    }
    if (child.startMs >= cursor || child.endMs! <= start) {
      continue;
    }
    const childEnd = Math.min(child.endMs!, cursor);
    if (childEnd < cursor) {
      segments.push({
        spanIndex: span.index,
        startMs: childEnd,
        endMs: cursor
      });
    }
    children.unshift({ span: child, endBound: childEnd });
    cursor = Math.max(child.startMs, start);
  }
  if (cursor > start) {
    segments.push({ spanIndex: span.index, startMs: start, endMs: cursor });
  }
  return { segments, children };
}
