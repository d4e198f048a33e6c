/**
 * Pure span filters, as in MLflow's trace UI: span types, a minimum MLflow
 * log level, and "errors only" (status ERROR). Two settings shape what a
 * filter keeps besides its matches:
 * - show parents (on by default): the ancestors of kept spans stay, marked
 *   ANCESTOR and shown dimmed; off, they are LIFTED out of the tree and
 *   their kept descendants move up to the nearest kept ancestor;
 * - show exceptions (on by default): spans with an exception event are
 *   kept whatever the other filters say.
 */
import {
  DEBUG_LEVEL,
  effectiveLogLevel,
  recordedLogLevel
} from '../../model/logLevel';
import type { ISpan, ITrace } from '../../model/types';
import { ANCESTOR, HIDDEN, IKeepMask, LIFTED, MATCH } from './tree';

export interface IFilterState {
  /** Span types the user unchecked. */
  hiddenTypes: ReadonlySet<string>;
  errorsOnly: boolean;
  /** Spans below this MLflow log level are filtered out (DEBUG: none are). */
  minLogLevel: number;
  /** Keep the ancestors of kept spans (dimmed). */
  showParents: boolean;
  /** Keep spans with an exception event regardless of the filters. */
  showExceptions: boolean;
}

export const EMPTY_FILTER: IFilterState = {
  hiddenTypes: new Set<string>(),
  errorsOnly: false,
  minLogLevel: DEBUG_LEVEL,
  showParents: true,
  showExceptions: true
};

export interface IFilterResult extends IKeepMask {
  /** Number of spans that match the filter itself (not ancestors). */
  matchCount: number;
}

/** A filter hides spans (the two settings alone hide nothing). */
export function isFilterActive(f: IFilterState): boolean {
  return f.errorsOnly || f.hiddenTypes.size > 0 || f.minLogLevel > DEBUG_LEVEL;
}

/** Anything differs from the defaults (what "Reset filters" undoes). */
export function isFilterChanged(f: IFilterState): boolean {
  return isFilterActive(f) || !f.showParents || !f.showExceptions;
}

/** The span type used for filtering and colours (`UNKNOWN` when empty). */
export function spanTypeKey(spanType: string | undefined | null): string {
  return spanType && spanType.length > 0 ? spanType : 'UNKNOWN';
}

/** Span types present in the trace with their counts, most frequent first. */
export function spanTypeCounts(
  trace: ITrace
): Array<{ type: string; count: number }> {
  const counts = new Map<string, number>();
  for (const s of trace.spans) {
    const t = spanTypeKey(s.spanType);
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1));
}

/** A span with an exception event (MLflow's "Show exceptions"). */
export function hasException(span: ISpan): boolean {
  return span.exceptions.length > 0;
}

/** How many spans each minimum level keeps by itself, and with exceptions. */
export function logLevelCounts(trace: ITrace): {
  /** Spans whose level is at or above each of `levels`. */
  atOrAbove: (level: number) => number;
  /** Spans that carry a recorded level (0: the trace predates levels). */
  recorded: number;
  exceptions: number;
} {
  const levels: number[] = [];
  let recorded = 0;
  let exceptions = 0;
  for (const s of trace.spans) {
    levels.push(effectiveLogLevel(s));
    if (recordedLogLevel(s) !== null) {
      recorded++;
    }
    if (hasException(s)) {
      exceptions++;
    }
  }
  return {
    atOrAbove: level => levels.filter(l => l >= level).length,
    recorded,
    exceptions
  };
}

/** Marks for the filter, or null when no filter is active. */
export function computeFilter(
  trace: ITrace,
  f: IFilterState
): IFilterResult | null {
  if (!isFilterActive(f)) {
    return null;
  }
  const n = trace.spans.length;
  const keep = new Uint8Array(n);
  const hasKeptChild = new Uint8Array(n);
  const parentMark = f.showParents ? ANCESTOR : LIFTED;
  let matchCount = 0;
  for (const s of trace.spans) {
    const typeOk = !f.hiddenTypes.has(spanTypeKey(s.spanType));
    const errOk = !f.errorsOnly || s.status === 'ERROR';
    const levelOk = effectiveLogLevel(s) >= f.minLogLevel;
    if ((typeOk && errOk && levelOk) || (f.showExceptions && hasException(s))) {
      keep[s.index] = MATCH;
      matchCount++;
    }
  }
  for (let i = 0; i < n; i++) {
    if (keep[i] !== MATCH) {
      continue;
    }
    // Walk up until an already-kept ancestor: O(spans) overall.
    let c = i;
    let p = trace.spans[i].parentIndex;
    let guard = 0;
    while (p >= 0 && p < n && guard++ < n) {
      hasKeptChild[p] = 1;
      if (keep[p] !== HIDDEN) {
        break;
      }
      keep[p] = parentMark;
      c = p;
      p = trace.spans[c].parentIndex;
    }
  }
  const result: IFilterResult = { keep, hasKeptChild, matchCount };
  if (!f.showParents) {
    result.depth = shownDepths(trace, keep);
  }
  return result;
}

/** Depth of each span among the spans shown (lifted ancestors not counted). */
function shownDepths(trace: ITrace, keep: Uint8Array): Int32Array {
  const depth = new Int32Array(trace.spans.length);
  for (const s of trace.spans) {
    const p = s.parentIndex;
    if (p < 0 || p >= s.index) {
      // Roots, and parents out of pre-order (never from the model): as given.
      depth[s.index] = p < 0 ? 0 : s.depth;
    } else {
      depth[s.index] = depth[p] + (keep[p] === LIFTED ? 0 : 1);
    }
  }
  return depth;
}
