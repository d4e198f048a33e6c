/**
 * The timeline zoom of long traces, pure: the selected time window as
 * fractions of the trace's time domain, its keyboard and drag moves, where
 * a bar lands inside it, and the minimap's density grid.
 *
 * No React, no DOM; everything is O(spans) or O(grid cells).
 */
import type { ITrace } from '../../model/types';

/** Traces with more spans than this get the minimap (below, nothing changes). */
export const MINIMAP_MIN_SPANS = 200;

/** The narrowest window: 0.05 % of the trace (finer than a drag can select). */
export const MIN_WINDOW = 0.0005;

/** A window [from, to] in fractions of the domain, 0 <= from < to <= 1. */
export type ZoomWindow = readonly [number, number];

export const FULL_WINDOW: ZoomWindow = [0, 1];

export function isZoomed(w: ZoomWindow): boolean {
  return w[0] > 0 || w[1] < 1;
}

/** Keep [from, to] inside [0, 1] and at least MIN_WINDOW wide. */
export function clampWindow(from: number, to: number): ZoomWindow {
  let a = Math.min(from, to);
  let b = Math.max(from, to);
  a = Number.isFinite(a) ? a : 0;
  b = Number.isFinite(b) ? b : 1;
  const width = Math.min(1, Math.max(MIN_WINDOW, b - a));
  a = Math.max(0, Math.min(1 - width, a));
  return [a, a + width];
}

/** The window shifted by `delta` (its width kept, stopped at the edges). */
export function moveWindow(w: ZoomWindow, delta: number): ZoomWindow {
  const width = w[1] - w[0];
  const a = Math.max(0, Math.min(1 - width, w[0] + delta));
  return [a, a + width];
}

/** The window widened (factor > 1) or narrowed around its centre. */
export function resizeWindow(w: ZoomWindow, factor: number): ZoomWindow {
  const centre = (w[0] + w[1]) / 2;
  const half = Math.min(1, Math.max(MIN_WINDOW, (w[1] - w[0]) * factor)) / 2;
  let a = centre - half;
  let b = centre + half;
  // Widening against an edge grows on the other side.
  if (a < 0) {
    b -= a;
    a = 0;
  }
  if (b > 1) {
    a = Math.max(0, a - (b - 1));
    b = 1;
  }
  return clampWindow(a, b);
}

/** The window in epoch ms, inside the trace's domain [t0, t1]. */
export function windowMs(
  domain: readonly [number, number],
  w: ZoomWindow
): [number, number] {
  const [t0, t1] = domain;
  const extent = t1 - t0;
  return [t0 + w[0] * extent, t0 + w[1] * extent];
}

/**
 * Where a span's bar lies in the visible window `[w0, w1]` (epoch ms), as
 * [left, width] percent of the timeline, with its start and end clipped to
 * the window's edges; null when the span lies wholly outside.
 */
export function barInWindow(
  startMs: number,
  endMs: number,
  w0: number,
  w1: number
): [number, number] | null {
  // An end before the start (a time issue) draws as a point, as before.
  const end = Math.max(endMs, startMs);
  if (end < w0 || startMs > w1) {
    return null;
  }
  const extent = w1 - w0;
  if (!(extent > 0)) {
    return [0, 100];
  }
  const from = Math.max(startMs, w0);
  const to = Math.min(end, w1);
  const left = Math.max(0, Math.min(100, ((from - w0) / extent) * 100));
  const width = Math.max(0, Math.min(100 - left, ((to - from) / extent) * 100));
  return [left, width];
}

/**
 * The minimap's picture of a whole trace: a grid of `lanes` rows by
 * `columns` time buckets. Spans keep their tree order top to bottom (as the
 * tree lists them, so the overview looks like the tree's bars squeezed) and
 * each lane holds an equal share of them. A cell counts the spans covering
 * its time bucket; `errors` counts the failed ones.
 */
export interface IMinimapGrid {
  columns: number;
  lanes: number;
  /** lanes × columns, row-major. */
  counts: Uint32Array;
  errors: Uint32Array;
  /** The largest count (0 for no spans): the scale of the shading. */
  max: number;
}

export function minimapGrid(
  trace: ITrace,
  domain: readonly [number, number],
  columns: number,
  maxLanes: number
): IMinimapGrid {
  const n = trace.spans.length;
  const cols = Math.max(1, Math.floor(columns));
  const lanes = Math.max(1, Math.min(n, Math.floor(maxLanes)));
  // Difference arrays: +1 where a span starts, -1 after its end, so each
  // span costs O(1) whatever its length; one prefix sum per lane follows.
  const counts = new Int32Array(lanes * (cols + 1));
  const errors = new Int32Array(lanes * (cols + 1));
  const [t0, t1] = domain;
  const extent = t1 - t0;
  const column = (ms: number) =>
    Math.max(
      0,
      Math.min(cols - 1, Math.floor(((ms - t0) / extent) * cols) || 0)
    );
  for (let i = 0; i < n; i++) {
    const span = trace.spans[i];
    const start = Number.isFinite(span.startMs) ? span.startMs : t0;
    const end =
      span.endMs !== null && Number.isFinite(span.endMs) ? span.endMs : t1;
    const a = column(start);
    const b = Math.max(a, column(end));
    const base = Math.floor((i * lanes) / n) * (cols + 1);
    counts[base + a]++;
    counts[base + b + 1]--;
    if (span.status === 'ERROR') {
      errors[base + a]++;
      errors[base + b + 1]--;
    }
  }
  const outCounts = new Uint32Array(lanes * cols);
  const outErrors = new Uint32Array(lanes * cols);
  let max = 0;
  for (let l = 0; l < lanes; l++) {
    let c = 0;
    let e = 0;
    for (let x = 0; x < cols; x++) {
      c += counts[l * (cols + 1) + x];
      e += errors[l * (cols + 1) + x];
      outCounts[l * cols + x] = c;
      outErrors[l * cols + x] = e;
      max = Math.max(max, c);
    }
  }
  return {
    columns: cols,
    lanes,
    counts: outCounts,
    errors: outErrors,
    max
  };
}

/** The window a drag from fraction `a` to fraction `b` selects. */
export function windowFromDrag(a: number, b: number): ZoomWindow {
  return clampWindow(Math.max(0, Math.min(1, a)), Math.max(0, Math.min(1, b)));
}
