import { describe, expect, it } from 'vitest';

import {
  FakeApi,
  flush,
  summary
} from '../../components/sidebar/__tests__/fixtures';
import { comparePair, isMarked, toggleMark } from '../model/marks';
import { SidebarModel } from '../model/sidebarModel';

const early = summary('tr-early', { startMs: 1_000 });
const late = summary('tr-late', { startMs: 2_000 });
const third = summary('tr-third', { startMs: 3_000 });

describe('marking traces to compare', () => {
  it('marks and unmarks a trace', () => {
    const marked = toggleMark([], late);
    expect(isMarked(marked, 'tr-late')).toBe(true);
    expect(toggleMark(marked, late)).toEqual([]);
  });

  it('keeps two marks: a third lets go of the first marked', () => {
    const marks = toggleMark(toggleMark(toggleMark([], late), early), third);
    expect(marks.map(m => m.traceId)).toEqual(['tr-early', 'tr-third']);
  });

  it('compares only two marked traces, the one started first as A', () => {
    expect(comparePair([late])).toBeNull();
    expect(comparePair([late, early])?.map(m => m.traceId)).toEqual([
      'tr-early',
      'tr-late'
    ]);
    // Without start times: in the order they were marked.
    const a = summary('tr-a', { startMs: null });
    const b = summary('tr-b', { startMs: 5 });
    expect(comparePair([a, b])?.map(m => m.traceId)).toEqual(['tr-a', 'tr-b']);
  });
});

describe('the sidebar model keeps the marks', () => {
  it('across experiments, and lets go of them when another store is browsed', async () => {
    const fake = new FakeApi(2, 3);
    const model = new SidebarModel({
      api: fake.api,
      frontendVersion: '0.1.0'
    });
    await model.connect();
    model.selectExperiment('1');
    await flush();
    const [first] = model.getSnapshot().traces.items;
    model.toggleMark(first);
    model.selectExperiment('2');
    await flush();
    const [second] = model.getSnapshot().traces.items;
    model.toggleMark(second);
    expect(model.getSnapshot().marked.map(m => m.traceId)).toEqual([
      'tr-1-0',
      'tr-2-0'
    ]);

    model.clearMarks();
    expect(model.getSnapshot().marked).toEqual([]);
    model.toggleMark(first);
    await model.browseStore('sqlite:////tmp/kernel/mlflow.db');
    expect(model.getSnapshot().marked).toEqual([]);
    model.dispose();
  });
});
