/**
 * Large outputs are built in slices that give the thread back
 * (parseMimeBundleAsync), with the same result as at once; the renderer's
 * parse leaves them for it (`deferAboveSpans`).
 */
import { describe, expect, it } from 'vitest';

import { parseMimeBundle, parseMimeBundleAsync } from '../bundle';
import { ITrace } from '../types';
import { hookStructureBundle, largeStructureBundle } from './largeStructure';

const SPANS = 50_000;
const big = largeStructureBundle(SPANS);

/** What the tree shows of each span, in tree order. */
function shown(trace: ITrace): string {
  return JSON.stringify(
    trace.spans.map(s => [
      s.id,
      s.parentIndex,
      s.depth,
      s.name,
      s.spanType,
      s.status,
      s.startMs,
      s.durationMs
    ])
  );
}

/** A clock that advances 1 ms per reading: every step is a slice. */
function tickingClock(): () => number {
  let t = 0;
  return () => t++;
}

describe('a 50,000-span output', () => {
  it('is left for the sliced parse when over the limit; small outputs are built at once', () => {
    expect(parseMimeBundle(big, { deferAboveSpans: 2000 })).toEqual({
      kind: 'deferred',
      spanCount: SPANS,
      mimeType: 'application/vnd.mlflow.trace+json'
    });
    const small = parseMimeBundle(hookStructureBundle(), {
      deferAboveSpans: 2000
    });
    expect(small.kind).toBe('traces');
  });

  it('is built in slices to the same tree as at once, giving the thread back every few hundred spans', async () => {
    const atOnce = parseMimeBundle(big);
    let yields = 0;
    const sliced = await parseMimeBundleAsync(big, {
      yieldFn: async () => {
        yields++;
      },
      now: tickingClock(),
      sliceMs: 1
    });
    if (atOnce.kind !== 'traces' || sliced.kind !== 'traces') {
      throw new Error(`not built: ${atOnce.kind}, ${sliced.kind}`);
    }
    const trace = sliced.traces[0];
    expect(trace.spans).toHaveLength(SPANS);
    expect(trace.spans[0].name).toBe('agent');
    expect(trace.spans[0].childIndices).toHaveLength(SPANS - 1);
    expect(trace.truncated).toBe(true);
    expect(shown(trace) === shown(atOnce.traces[0])).toBe(true);
    expect(trace.warnings).toEqual(atOnce.traces[0].warnings);
    // Each pass over the spans offers to yield once per 512 of them.
    expect(yields).toBeGreaterThan((4 * SPANS) / 512);
  });

  it('stops between slices when its output goes away', async () => {
    const controller = new AbortController();
    let yields = 0;
    const parsing = parseMimeBundleAsync(big, {
      yieldFn: async () => {
        yields++;
        controller.abort();
      },
      now: tickingClock(),
      sliceMs: 1,
      signal: controller.signal
    });
    await expect(parsing).rejects.toThrow();
    expect(yields).toBe(1);
  });
});
