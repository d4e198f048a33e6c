/**
 * Pure span filters: span types and "errors only". A filtered view keeps
 * the ancestors of matching spans (marked ANCESTOR, shown dimmed) so the
 * tree stays a tree.
 */
import type { ITrace } from '../../model/types';
import { ANCESTOR, HIDDEN, IKeepMask, MATCH } from './tree';

export interface IFilterState {
  /** Span types the user unchecked. */
  hiddenTypes: ReadonlySet<string>;
  errorsOnly: boolean;
}

export const EMPTY_FILTER: IFilterState = {
  hiddenTypes: new Set<string>(),
  errorsOnly: false
};

export interface IFilterResult extends IKeepMask {
  /** Number of spans that match the filter itself (not ancestors). */
  matchCount: number;
}

export function isFilterActive(f: IFilterState): boolean {
  return f.errorsOnly || f.hiddenTypes.size > 0;
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
  let matchCount = 0;
  for (const s of trace.spans) {
    const typeOk = !f.hiddenTypes.has(spanTypeKey(s.spanType));
    const errOk = !f.errorsOnly || s.status === 'ERROR';
    if (typeOk && errOk) {
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
      keep[p] = ANCESTOR;
      c = p;
      p = trace.spans[c].parentIndex;
    }
  }
  return { keep, hasKeptChild, matchCount };
}
