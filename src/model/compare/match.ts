/**
 * Span matching for a trace comparison: spans are paired by their path,
 * the names from the root down with their order under the parent. Siblings
 * are aligned by name with a longest common subsequence, so a step added or
 * removed in the middle shifts nothing after it, and a repeated span (a tool
 * called twice) pairs in order: the first with the first, the extra one is
 * added. A span without a partner is marked added or removed, with its whole
 * subtree. Pure data: works on the model's `ITrace`.
 */
import type { ISpan, ITrace } from '../types';
import { lcsAlign } from './lcs';

export type PairKind = 'matched' | 'added' | 'removed';

export interface ISpanPair {
  kind: PairKind;
  /** Index of the span in trace A's `spans` (null when added). */
  a: number | null;
  /** Index of the span in trace B's `spans` (null when removed). */
  b: number | null;
  /** 0 for roots. */
  depth: number;
  /**
   * Names from the root, `/`-joined; a name repeated among its siblings
   * carries its rank (`agent/lookup[2]`). Unique among the pairs of one kind.
   */
  path: string;
}

/** Sibling lists larger than this (product of lengths) align by rank only. */
const MAX_ALIGN_CELLS = 1_000_000;

/** Pairs of positions in `a` and `b`, in order; null where one side has none. */
export function alignByName(
  a: string[],
  b: string[]
): [number | null, number | null][] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_ALIGN_CELLS) {
    return alignByRank(a, b);
  }
  return lcsAlign(a, b);
}

/** The k-th span of a name pairs with the k-th of that name (huge sibling lists). */
function alignByRank(
  a: string[],
  b: string[]
): [number | null, number | null][] {
  const byName = new Map<string, number[]>();
  b.forEach((name, j) => {
    const list = byName.get(name) ?? [];
    list.push(j);
    byName.set(name, list);
  });
  const used = new Set<number>();
  const out: [number | null, number | null][] = a.map((name, i) => {
    const j = byName.get(name)?.shift();
    if (j === undefined) {
      return [i, null];
    }
    used.add(j);
    return [i, j];
  });
  b.forEach((_, j) => {
    if (!used.has(j)) {
      out.push([null, j]);
    }
  });
  return out;
}

/** Each sibling's path segment: its name, with `[k]` when the name repeats. */
function segments(spans: ISpan[], siblings: number[]): string[] {
  const total = new Map<string, number>();
  siblings.forEach(i =>
    total.set(spans[i].name, (total.get(spans[i].name) ?? 0) + 1)
  );
  const seen = new Map<string, number>();
  return siblings.map(i => {
    const name = spans[i].name;
    const rank = (seen.get(name) ?? 0) + 1;
    seen.set(name, rank);
    return (total.get(name) ?? 0) > 1 ? `${name}[${rank}]` : name;
  });
}

/**
 * Every span of `a` and `b` once, paired where their paths match, in
 * tree order (a removed span comes before the added span that took its place).
 */
export function matchSpans(a: ITrace, b: ITrace): ISpanPair[] {
  const out: ISpanPair[] = [];

  const single = (
    trace: ITrace,
    kind: 'added' | 'removed',
    index: number,
    depth: number,
    path: string
  ) => {
    out.push({
      kind,
      a: kind === 'removed' ? index : null,
      b: kind === 'added' ? index : null,
      depth,
      path
    });
    const children = trace.spans[index].childIndices;
    const names = segments(trace.spans, children);
    children.forEach((child, k) =>
      single(trace, kind, child, depth + 1, `${path}/${names[k]}`)
    );
  };

  const siblings = (
    aList: number[],
    bList: number[],
    depth: number,
    prefix: string
  ) => {
    const aNames = segments(a.spans, aList);
    const bNames = segments(b.spans, bList);
    const pairs = alignByName(
      aList.map(i => a.spans[i].name),
      bList.map(j => b.spans[j].name)
    );
    for (const [i, j] of pairs) {
      if (i !== null && j !== null) {
        const path = prefix + bNames[j];
        out.push({ kind: 'matched', a: aList[i], b: bList[j], depth, path });
        siblings(
          a.spans[aList[i]].childIndices,
          b.spans[bList[j]].childIndices,
          depth + 1,
          `${path}/`
        );
      } else if (i !== null) {
        single(a, 'removed', aList[i], depth, prefix + aNames[i]);
      } else if (j !== null) {
        single(b, 'added', bList[j], depth, prefix + bNames[j]);
      }
    }
  };

  siblings(a.rootIndices, b.rootIndices, 0, '');
  return out;
}
