/**
 * The critical path on a REAL agent trace (fixtures/critical, made by
 * generate_critical.py under mlflow 3.17.2): three tools run in parallel
 * threads (30, 90 and 50 ms), so the 90 ms one decides when that step ends.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { describe, expect, it } from 'vitest';

import { criticalPath } from '../criticalPath';
import { traceFromJson } from '../trace';

const fixture = JSON.parse(
  readFileSync(
    resolve(__dirname, '../../../fixtures/critical/parallel-tools.trace.json'),
    'utf8'
  )
);
const trace = traceFromJson(fixture.payload);
const byName = (name: string) => trace.spans.filter(s => s.name === name);
const onPath = (names: string[]) => {
  const path = criticalPath(trace)!;
  return names.map(n => byName(n).some(s => path.spanIndices.has(s.index)));
};

describe('critical path of an agent with parallel tools', () => {
  it('runs through the plan, the slowest tool and the model call', () => {
    expect(onPath(['agent', 'plan', 'search_web', 'answer'])).toEqual([
      true,
      true,
      true,
      true
    ]);
  });

  it("leaves out the tool that ran within the slowest one's time, and the early cache write", () => {
    // read_calendar ran entirely inside search_web's time: never decisive.
    expect(onPath(['read_calendar', 'write_cache'])).toEqual([false, false]);
  });

  it('covers the root from its start to its end without gaps or overlaps', () => {
    const path = criticalPath(trace)!;
    const root = trace.spans[trace.rootIndices[0]];
    expect(path.segments[0].startMs).toBe(root.startMs);
    expect(path.segments[path.segments.length - 1].endMs).toBe(root.endMs);
    for (let k = 1; k < path.segments.length; k++) {
      expect(path.segments[k].startMs).toBeCloseTo(
        path.segments[k - 1].endMs,
        9
      );
    }
  });

  it('counts the slowest tool whole: its full duration is on the path', () => {
    const path = criticalPath(trace)!;
    const search = byName('search_web')[0];
    const covered = path.segments
      .filter(s => s.spanIndex === search.index)
      .reduce((sum, s) => sum + (s.endMs - s.startMs), 0);
    expect(covered).toBeCloseTo(search.durationMs!, 6);
  });

  it('has no path when no root has ended', () => {
    const running = {
      ...trace,
      spans: trace.spans.map(s => ({ ...s, endMs: null, durationMs: null }))
    };
    expect(criticalPath(running)).toBeNull();
  });
});
