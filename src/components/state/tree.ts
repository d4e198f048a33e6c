/**
 * Pure tree view-state: which spans are rows, in which order.
 *
 * No React, no DOM. Everything here is O(rows) or O(spans) and iterative
 * (real traces contain 10k-deep chains and, before the model repairs them,
 * cycles; recursion would overflow the stack).
 */
import type { ITrace } from '../../model/types';

/**
 * Per-row filter marks: 0 hidden, 1 kept as an ancestor (dimmed), 2 match,
 * 3 lifted (an ancestor not shown: its kept descendants take its place).
 */
export const HIDDEN = 0;
export const ANCESTOR = 1;
export const MATCH = 2;
export const LIFTED = 3;

/** Result of a filter over the spans (see `filter.ts`). */
export interface IKeepMask {
  /** One mark per span: HIDDEN, ANCESTOR or MATCH. */
  keep: Uint8Array;
  /** 1 when at least one child of the span is kept. */
  hasKeptChild: Uint8Array;
  /** Depth among the shown spans, when ancestors are lifted. */
  depth?: Int32Array;
}

/** The span is a row of the filtered tree (when its parents are open). */
export function isShown(
  mask: IKeepMask | null | undefined,
  i: number
): boolean {
  return !mask || (mask.keep[i] !== HIDDEN && mask.keep[i] !== LIFTED);
}

/** Root span indices; derived from `parentIndex` when `rootIndices` is empty. */
export function rootsOf(trace: ITrace): number[] {
  if (trace.rootIndices.length > 0 || trace.spans.length === 0) {
    return trace.rootIndices;
  }
  const roots: number[] = [];
  for (const s of trace.spans) {
    if (s.parentIndex < 0 || s.parentIndex >= trace.spans.length) {
      roots.push(s.index);
    }
  }
  return roots;
}

function validChildren(trace: ITrace, i: number): number[] {
  return trace.spans[i]?.childIndices ?? [];
}

/**
 * The flattened list of visible rows (span indices, display order).
 * A span's children are rows when the span is expanded; with a mask, only
 * kept spans are rows.
 */
export function computeVisibleRows(
  trace: ITrace,
  expanded: ReadonlySet<number>,
  mask?: IKeepMask | null
): number[] {
  const n = trace.spans.length;
  const out: number[] = [];
  if (n === 0) {
    return out;
  }
  const seen = new Uint8Array(n);
  const keep = mask?.keep;
  const stack: number[] = [];
  const roots = rootsOf(trace);
  for (let r = roots.length - 1; r >= 0; r--) {
    stack.push(roots[r]);
  }
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (i < 0 || i >= n || seen[i]) {
      continue; // out of range or already shown: never loop on bad input
    }
    if (keep && keep[i] === HIDDEN) {
      continue;
    }
    seen[i] = 1;
    // A lifted span is no row and cannot be collapsed: its children are.
    const lifted = keep !== undefined && keep[i] === LIFTED;
    if (!lifted) {
      out.push(i);
    }
    if (lifted || expanded.has(i)) {
      const children = validChildren(trace, i);
      for (let c = children.length - 1; c >= 0; c--) {
        stack.push(children[c]);
      }
    }
  }
  return out;
}

/** Whether the span shows an expand chevron (has children that can be rows). */
export function hasVisibleChildren(
  trace: ITrace,
  i: number,
  mask?: IKeepMask | null
): boolean {
  if (mask) {
    return mask.hasKeptChild[i] === 1;
  }
  return validChildren(trace, i).length > 0;
}

/** Spans with children whose depth is below `depth` (the default expansion). */
export function expandedToDepth(trace: ITrace, depth: number): Set<number> {
  const out = new Set<number>();
  for (const s of trace.spans) {
    if (s.depth < depth && s.childIndices.length > 0) {
      out.add(s.index);
    }
  }
  return out;
}

/** Every span that has children. */
export function expandAll(trace: ITrace): Set<number> {
  return expandedToDepth(trace, Infinity);
}

/** Ancestor indices of span `i` (nearest first), cycle-safe. */
export function ancestorsOf(trace: ITrace, i: number): number[] {
  const out: number[] = [];
  const n = trace.spans.length;
  let p = trace.spans[i]?.parentIndex ?? -1;
  let guard = 0;
  while (p >= 0 && p < n && guard++ < n) {
    out.push(p);
    p = trace.spans[p].parentIndex;
  }
  return out;
}

/** `expanded` plus every ancestor of each index (so the spans become rows). */
export function withAncestorsExpanded(
  trace: ITrace,
  expanded: ReadonlySet<number>,
  indices: Iterable<number>
): Set<number> {
  const out = new Set(expanded);
  const n = trace.spans.length;
  // Ancestors already walked in this call: their own ancestors are done too,
  // so errors-only on 10k error spans stays O(spans), not O(spans x depth).
  const done = new Uint8Array(n);
  for (const i of indices) {
    let p = trace.spans[i]?.parentIndex ?? -1;
    let guard = 0;
    while (p >= 0 && p < n && !done[p] && guard++ < n) {
      done[p] = 1;
      out.add(p);
      p = trace.spans[p].parentIndex;
    }
  }
  return out;
}

/** 1-based position among siblings and sibling count, for aria-posinset/setsize. */
export function siblingPositions(trace: ITrace): {
  pos: Int32Array;
  size: Int32Array;
} {
  const n = trace.spans.length;
  const pos = new Int32Array(n);
  const size = new Int32Array(n);
  const fill = (list: number[]) => {
    for (let k = 0; k < list.length; k++) {
      const c = list[k];
      if (c >= 0 && c < n && pos[c] === 0) {
        pos[c] = k + 1;
        size[c] = list.length;
      }
    }
  };
  fill(rootsOf(trace));
  for (const s of trace.spans) {
    fill(s.childIndices);
  }
  return { pos, size };
}

/** Time domain shared by every gantt bar: [earliest start, latest end]. */
export function timeDomain(trace: ITrace): [number, number] {
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const s of trace.spans) {
    if (Number.isFinite(s.startMs)) {
      t0 = Math.min(t0, s.startMs);
      t1 = Math.max(t1, s.startMs);
    }
    if (s.endMs !== null && Number.isFinite(s.endMs)) {
      t1 = Math.max(t1, s.endMs);
    }
  }
  if (trace.startMs !== null && Number.isFinite(trace.startMs)) {
    t0 = Math.min(t0, trace.startMs);
  }
  if (trace.endMs !== null && Number.isFinite(trace.endMs)) {
    t1 = Math.max(t1, trace.endMs);
  }
  if (!Number.isFinite(t0)) {
    return [0, 1];
  }
  if (!Number.isFinite(t1) || t1 <= t0) {
    t1 = t0 + 1; // zero-length traces still get a usable axis
  }
  return [t0, t1];
}
