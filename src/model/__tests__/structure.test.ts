/**
 * A trace the real kernel hook embedded as its structure (over the size cap):
 * jupyterlab_mlflow_traces/tests/fixtures/hook-structure.json, written by
 * generate_hook_structure.py (real ipykernel, mlflow 3.17.2, tracking server).
 * The model gives back every span with its parent, name, type, status and
 * exact times; inputs and outputs are truncation markers.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { describe, expect, it } from 'vitest';

import { parseMimeBundle } from '../bundle';
import { normalizeSpanId } from '../ids';
import { readTruncationMarker } from '../truncation';
import { MLFLOW_TRACE_MIME } from '../types';

const FIXTURE = resolve(
  __dirname,
  '../../../jupyterlab_mlflow_traces/tests/fixtures/hook-structure.json'
);
const bundle = JSON.parse(readFileSync(FIXTURE, 'utf8'));
const structure = bundle[MLFLOW_TRACE_MIME].traces[0].data.structure;

describe('a structure embedded by the kernel hook', () => {
  const result = parseMimeBundle(bundle);
  if (result.kind !== 'traces') {
    throw new Error(`not parsed: ${JSON.stringify(result)}`);
  }
  const trace = result.traces[0];

  it('shows the whole tree: one root and its 999 children', () => {
    expect(trace.spans).toHaveLength(1000);
    const roots = trace.spans.filter(s => s.parentIndex < 0);
    expect(roots.map(s => [s.name, s.spanType])).toEqual([['agent', 'AGENT']]);
    expect(roots[0].childIndices).toHaveLength(999);
    expect(
      trace.spans.filter(s => s.depth === 1).every(s => s.name === 'step')
    ).toBe(true);
    expect(trace.spans.filter(s => s.depth === 1)[0].spanType).toBe('TOOL');
  });

  it('keeps status and the nanosecond times (to the microsecond in ms)', () => {
    expect(trace.spans.filter(s => s.status === 'ERROR')).toHaveLength(1);
    const base = BigInt(structure.start);
    const root = trace.spans.find(s => s.parentIndex < 0)!;
    expect(root.startMs).toBeCloseTo(Number(base / 1000n) / 1000, 3);
    // Depth-first, children by start time: the structure's order here.
    const rows = structure.spans as [
      string,
      number,
      number,
      number,
      number,
      number,
      number
    ][];
    trace.spans.forEach((span, i) => {
      expect(span.startMs - root.startMs).toBeCloseTo(rows[i][5] / 1e6, 3);
      expect(span.durationMs).toBeCloseTo(rows[i][6] / 1e6, 3);
    });
  });

  it("keeps each span's id and its parent's, in MLflow's hex form", () => {
    const rows = structure.spans as [string, number][];
    const byId = new Map(trace.spans.map(s => [s.id, s]));
    for (const [id, parent] of rows) {
      const span = byId.get(normalizeSpanId(id)!)!;
      expect(span.id).toMatch(/^[0-9a-f]{16}$/);
      expect(span.parentId).toBe(
        parent < 0 ? null : normalizeSpanId(rows[parent][0])
      );
    }
  });

  it('shows inputs and outputs as values cut, and says the trace is capped', () => {
    const step = trace.spans.find(s => s.name === 'step')!;
    expect(readTruncationMarker(step.inputs)).not.toBeNull();
    expect(readTruncationMarker(step.outputs)).not.toBeNull();
    expect(trace.truncated).toBe(true);
    expect(trace.traceId).toMatch(/^tr-/);
    expect(result.trackingUri).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });
});
