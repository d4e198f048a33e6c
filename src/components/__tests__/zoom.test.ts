/**
 * The timeline zoom's pure parts: the window's moves, where bars land in a
 * zoomed range, and the minimap's density grid (also for 50,000 spans).
 */
import { describe, expect, it } from 'vitest';
import {
  barInWindow,
  clampWindow,
  isZoomed,
  MIN_WINDOW,
  minimapGrid,
  moveWindow,
  resizeWindow,
  windowFromDrag,
  windowMs
} from '../state/zoom';
import { bigTrace, makeTrace, T0 } from './helpers';

const near = (w: readonly number[], want: number[]) =>
  w.forEach((v, k) => expect(v).toBeCloseTo(want[k], 9));

describe('zoom window', () => {
  it('a drag selects its range whichever way it went, inside the trace', () => {
    near(windowFromDrag(0.6, 0.2), [0.2, 0.6]);
    near(windowFromDrag(-0.3, 0.4), [0, 0.4]);
    near(windowFromDrag(0.9, 1.7), [0.9, 1]);
    expect(isZoomed(windowFromDrag(0, 1))).toBe(false);
  });

  it('never becomes narrower than the minimum, even from a zero-width drag', () => {
    const w = windowFromDrag(1, 1);
    expect(w[1] - w[0]).toBeCloseTo(MIN_WINDOW, 12);
    expect(w[1]).toBe(1);
  });

  it('moves keep the width and stop at the edges', () => {
    near(moveWindow([0.2, 0.4], 0.1), [0.3, 0.5]);
    near(moveWindow([0.2, 0.4], -0.5), [0, 0.2]);
    near(moveWindow([0.7, 0.9], 0.5), [0.8, 1]);
  });

  it('resizes around the centre, growing away from an edge it meets', () => {
    near(resizeWindow([0, 1], 0.8), [0.1, 0.9]);
    near(resizeWindow([0.4, 0.6], 2), [0.3, 0.7]);
    near(resizeWindow([0, 0.2], 2), [0, 0.4]);
    near(resizeWindow([0.9, 1], 3), [0.7, 1]);
    near(resizeWindow([0.2, 0.9], 10), [0, 1]);
  });

  it('clamps nonsense to the whole trace', () => {
    near(clampWindow(NaN, NaN), [0, 1]);
  });

  it('maps to epoch ms inside the domain', () => {
    expect(windowMs([1000, 3000], [0.25, 0.5])).toEqual([1500, 2000]);
  });
});

describe('barInWindow', () => {
  it('is the old full-domain bar when not zoomed', () => {
    expect(barInWindow(100, 300, 0, 1000)).toEqual([10, 20]);
  });

  it('clips a span that crosses an edge to the range', () => {
    expect(barInWindow(0, 600, 500, 1000)).toEqual([0, 20]);
    expect(barInWindow(900, 2000, 500, 1000)).toEqual([80, 20]);
    expect(barInWindow(0, 2000, 500, 1000)).toEqual([0, 100]);
  });

  it('draws no bar for a span wholly outside the range', () => {
    expect(barInWindow(0, 499, 500, 1000)).toBeNull();
    expect(barInWindow(1001, 1200, 500, 1000)).toBeNull();
  });

  it('draws a span whose end is before its start as a point at its start', () => {
    expect(barInWindow(600, 100, 500, 1000)).toEqual([20, 0]);
  });
});

describe('minimapGrid', () => {
  it('puts each span in its lane over the columns it covers, errors apart', () => {
    const trace = makeTrace([
      { name: 'root', start: 0, duration: 100 },
      { name: 'a', parent: 0, start: 0, duration: 50 },
      { name: 'b', parent: 0, start: 50, duration: 50, status: 'ERROR' },
      { name: 'c', parent: 0, start: 75, duration: 25 }
    ]);
    const g = minimapGrid(trace, [T0, T0 + 100], 4, 2);
    expect(g.lanes).toBe(2);
    // Lane 0: root (all four columns) and a (columns 0-2: it ends on 50).
    expect([...g.counts.slice(0, 4)]).toEqual([2, 2, 2, 1]);
    // Lane 1: b (columns 2-3) and c (column 3).
    expect([...g.counts.slice(4, 8)]).toEqual([0, 0, 1, 2]);
    expect([...g.errors]).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
    expect(g.max).toBe(2);
  });

  it('has one lane per span when there are fewer spans than lanes', () => {
    const trace = makeTrace([{ name: 'only', duration: 10 }]);
    const g = minimapGrid(trace, [T0, T0 + 10], 10, 40);
    expect(g.lanes).toBe(1);
    expect([...g.counts]).toEqual(new Array(10).fill(1));
  });

  it('pictures 50,000 spans in a fixed-size grid, as a span-by-span count would', () => {
    const trace = bigTrace(50_000);
    const domain: [number, number] = [T0, T0 + 50_004];
    const g = minimapGrid(trace, domain, 500, 40);
    expect(g.counts.length).toBe(500 * 40);
    // The slow way: every span adds one to each cell it covers.
    const naive = new Uint32Array(500 * 40);
    const naiveErrors = new Uint32Array(500 * 40);
    const col = (ms: number) =>
      Math.min(499, Math.floor(((ms - T0) / 50_004) * 500));
    trace.spans.forEach((s, i) => {
      const lane = Math.floor((i * 40) / 50_000);
      for (let x = col(s.startMs); x <= col(s.endMs!); x++) {
        naive[lane * 500 + x]++;
        if (s.status === 'ERROR') {
          naiveErrors[lane * 500 + x]++;
        }
      }
    });
    expect(g.counts).toEqual(naive);
    expect(g.errors).toEqual(naiveErrors);
    expect(g.max).toBe(Math.max(...naive));
    // bigTrace marks every 1000th span failed: all 50 are drawn.
    expect(naiveErrors.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(50);
  });
});
