/**
 * Link raw spans into a tree, robustly and without recursion:
 * unique ids, orphans → roots, self-parents and cycles broken, children
 * sorted by start, depth-first pre-order.
 */

import { shownValue } from './json';
import { every, finish, Steps } from './slices';
import { IRawSpan } from './spans';
import { ISpan, TimeIssue } from './types';

/** Collects repair warnings, capping each kind so 50k bad spans give a few lines. */
export class WarningCollector {
  readonly warnings: string[] = [];
  private readonly _counts = new Map<string, number>();

  constructor(private readonly _perKind = 10) {}

  add(kind: string, message: string): void {
    const n = (this._counts.get(kind) ?? 0) + 1;
    this._counts.set(kind, n);
    if (n <= this._perKind) {
      this.warnings.push(message);
    }
  }

  /** Append "and N more" lines for capped kinds. */
  finish(): string[] {
    for (const [kind, n] of this._counts) {
      if (n > this._perKind) {
        this.warnings.push(`${kind}: ${n - this._perKind} more not listed`);
      }
    }
    this._counts.clear();
    return this.warnings;
  }
}

export interface ITreeResult {
  spans: ISpan[];
  rootIndices: number[];
  errorSpanCount: number;
  maxDepth: number;
  /** Spans flagged with a `timeIssue`. */
  timeIssueCount: number;
}

const NS_PER_MS = 1e6;

/**
 * Duration of one span and its issue, if any. Exact integer nanoseconds
 * (strings or safe numbers) give an exact difference; an impossible value is
 * flagged, never clamped.
 */
function spanDuration(
  raw: IRawSpan,
  startMs: number
): { durationMs: number | null; issue?: TimeIssue } {
  if (raw.badStart !== undefined || raw.badEnd !== undefined) {
    return { durationMs: null, issue: 'non-finite-time' };
  }
  if (raw.endMs === null) {
    return { durationMs: null };
  }
  let durationMs: number;
  if (raw.startNs !== null && raw.endNs !== null && raw.startMs !== null) {
    durationMs = Number(raw.endNs - raw.startNs) / NS_PER_MS;
  } else {
    durationMs = raw.endMs - startMs;
  }
  if (durationMs < 0) {
    return { durationMs: null, issue: 'end-before-start' };
  }
  return { durationMs };
}

function label(raw: IRawSpan, id: string): string {
  return raw.name ? `span ${id} ("${raw.name}")` : `span ${id}`;
}

/**
 * Build the tree. Spans without a start time are placed at
 * `fallbackStartMs` (the trace start), else at the earliest known start.
 * Chat, usage and cost are left for the caller to fill.
 */
export function buildTree(
  raws: IRawSpan[],
  warnings: WarningCollector,
  fallbackStartMs: number | null = null
): ITreeResult {
  return finish(buildTreeSteps(raws, warnings, fallbackStartMs));
}

/** `buildTree` in steps (slices.ts). */
export function* buildTreeSteps(
  raws: IRawSpan[],
  warnings: WarningCollector,
  fallbackStartMs: number | null = null
): Steps<ITreeResult> {
  const n = raws.length;

  // 1. Unique ids.
  const ids: string[] = new Array(n);
  const byId = new Map<string, number>();
  const dupCount = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    let id = raws[i].id;
    if (id === null) {
      id = `span-${i}`;
      warnings.add(
        'missing-id',
        `missing id: span #${i} has no id; using "${id}"`
      );
    }
    if (byId.has(id)) {
      const k = (dupCount.get(id) ?? 1) + 1;
      dupCount.set(id, k);
      let unique = `${id}#${k}`;
      while (byId.has(unique)) {
        unique = `${unique}#`;
      }
      warnings.add(
        'duplicate-id',
        `duplicate id: ${label(raws[i], id)} appears more than once; renamed "${unique}"`
      );
      id = unique;
    }
    ids[i] = id;
    byId.set(id, i);
    if (every(i)) {
      yield;
    }
  }

  // 2. Parent links (raw indices), orphans and self-parents.
  const parent = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const pid = raws[i].parentId;
    if (pid === null) {
      continue;
    }
    const p = byId.get(pid);
    if (p === undefined) {
      warnings.add(
        'orphan',
        `orphan: ${label(raws[i], ids[i])} has parent ${pid}, which is not in the trace; shown as a root`
      );
    } else if (p === i) {
      warnings.add(
        'self-parent',
        `self-parent: ${label(raws[i], ids[i])} is its own parent; shown as a root`
      );
    } else {
      parent[i] = p;
    }
    if (every(i)) {
      yield;
    }
  }

  const starts = new Float64Array(n);
  const fallback = fallbackStartMs ?? earliestStart(raws) ?? 0;
  for (let i = 0; i < n; i++) {
    const start = raws[i].startMs;
    if (raws[i].badStart !== undefined) {
      warnings.add(
        'invalid-time',
        `invalid time: ${label(raws[i], ids[i])} has start time ${shownValue(raws[i].badStart)}, which is not a finite time; placed at the trace start, duration not shown`
      );
    } else if (start === null) {
      warnings.add(
        'no-start',
        `no start time: ${label(raws[i], ids[i])} has no start time; placed at the trace start`
      );
    }
    starts[i] = start ?? fallback;
    if (every(i)) {
      yield;
    }
  }

  // 3. Break cycles: walk up from each unvisited node; meeting the current
  // path again means a cycle. Its earliest span becomes a root. O(n).
  const state = new Uint8Array(n); // 0 new, 1 on current path, 2 done
  const path: number[] = [];
  for (let i = 0; i < n; i++) {
    if (state[i] !== 0) {
      continue;
    }
    path.length = 0;
    let cur = i;
    while (cur !== -1 && state[cur] === 0) {
      state[cur] = 1;
      path.push(cur);
      cur = parent[cur];
    }
    if (cur !== -1 && state[cur] === 1) {
      const from = path.indexOf(cur);
      let breaker = cur;
      for (let k = from; k < path.length; k++) {
        const c = path[k];
        if (
          starts[c] < starts[breaker] ||
          (starts[c] === starts[breaker] && c < breaker)
        ) {
          breaker = c;
        }
      }
      const members = path.slice(from).map(c => ids[c]);
      warnings.add(
        'cycle',
        `cycle: spans ${members.slice(0, 5).join(' → ')}${members.length > 5 ? ' → …' : ''} are each other's ancestors; ${label(raws[breaker], ids[breaker])} shown as a root`
      );
      parent[breaker] = -1;
    }
    for (const c of path) {
      state[c] = 2;
    }
    if (every(i)) {
      yield;
    }
  }

  // 4. Children lists sorted by start (stable on payload order).
  const children: number[][] = new Array(n);
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p === -1) {
      roots.push(i);
    } else {
      (children[p] ??= []).push(i);
    }
  }
  const byStart = (a: number, b: number) => starts[a] - starts[b] || a - b;
  roots.sort(byStart);
  yield;
  for (let i = 0; i < n; i++) {
    const c = children[i];
    if (c && c.length > 1) {
      c.sort(byStart);
    }
    if (every(i)) {
      yield;
    }
  }

  // 5. Iterative depth-first pre-order.
  const order: number[] = [];
  const depthOf = new Int32Array(n);
  const stack: number[] = [];
  for (let r = roots.length - 1; r >= 0; r--) {
    stack.push(roots[r]);
  }
  while (stack.length > 0) {
    const i = stack.pop()!;
    order.push(i);
    const c = children[i];
    if (c) {
      for (let k = c.length - 1; k >= 0; k--) {
        depthOf[c[k]] = depthOf[i] + 1;
        stack.push(c[k]);
      }
    }
    if (every(order.length)) {
      yield;
    }
  }

  const newIndex = new Int32Array(n);
  for (let k = 0; k < order.length; k++) {
    newIndex[order[k]] = k;
  }

  const spans: ISpan[] = new Array(order.length);
  let errorSpanCount = 0;
  let timeIssueCount = 0;
  let maxDepth = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const raw = raws[i];
    const startMs = starts[i];
    const endMs = raw.endMs;
    const depth = depthOf[i];
    if (depth > maxDepth) {
      maxDepth = depth;
    }
    if (raw.status === 'ERROR') {
      errorSpanCount++;
    }
    const c = children[i];
    const { durationMs, issue } = spanDuration(raw, startMs);
    if (issue !== undefined) {
      timeIssueCount++;
      if (issue === 'end-before-start') {
        warnings.add(
          'end-before-start',
          `impossible time: ${label(raw, ids[i])} ends before it starts; duration not shown`
        );
      } else if (raw.badEnd !== undefined) {
        warnings.add(
          'invalid-time',
          `invalid time: ${label(raw, ids[i])} has end time ${shownValue(raw.badEnd)}, which is not a finite time; duration not shown`
        );
      }
    }
    const span: ISpan = {
      index: k,
      id: ids[i],
      parentIndex: parent[i] === -1 ? -1 : newIndex[parent[i]],
      parentId: raw.parentId,
      childIndices: c ? c.map(x => newIndex[x]) : [],
      depth,
      name: raw.name,
      spanType: raw.spanType,
      status: raw.status,
      statusMessage: raw.statusMessage,
      startMs,
      endMs,
      durationMs,
      attributes: raw.attributes,
      events: raw.events,
      exceptions: raw.exceptions,
      chat: null,
      tokenUsage: null,
      cost: null
    };
    if (issue !== undefined) {
      span.timeIssue = issue;
    }
    if (raw.inputs !== undefined) {
      span.inputs = raw.inputs;
    }
    if (raw.outputs !== undefined) {
      span.outputs = raw.outputs;
    }
    if (raw.links) {
      span.links = raw.links;
    }
    spans[k] = span;
    if (every(k)) {
      yield;
    }
  }

  return {
    spans,
    rootIndices: roots.map(r => newIndex[r]),
    errorSpanCount,
    maxDepth,
    timeIssueCount
  };
}

function earliestStart(raws: IRawSpan[]): number | null {
  let min: number | null = null;
  for (const r of raws) {
    if (r.startMs !== null && (min === null || r.startMs < min)) {
      min = r.startMs;
    }
  }
  return min;
}
