import { readFileSync } from 'fs';
import { resolve } from 'path';
import { afterEach, describe, expect, it, vi } from 'vitest';

import {
  FakeApi,
  flush,
  rawTrace,
  STATUS_DOWN,
  STATUS_OK
} from '../../components/sidebar/__tests__/fixtures';
import type { ITraceSummary } from '../../model/types';
import { SidebarModel } from '../model/sidebarModel';
import {
  IN_PROGRESS_POLL_MS,
  MAX_IN_PROGRESS_POLLS
} from '../model/traceWatch';
import { MISSING_SERVER_EXTENSION } from '../version';

/** `attempts` looks after the first, the first `interval` ms later, then with backoff. */
function makeModel(fake: FakeApi, pageSize = 2, attempts = 3, interval = 10) {
  return new SidebarModel({
    api: fake.api,
    frontendVersion: '0.1.0',
    pageSize,
    lookAgain: { interval, max: 4 * interval, attempts }
  });
}

afterEach(() => {
  vi.useRealTimers();
});

/** REAL infos of one turn: listed from its spans (no session metadata), then
 * with the client's info (fixtures/sessions/generate_unfinished.py). */
const turn = JSON.parse(
  readFileSync(
    resolve(__dirname, '../../../fixtures/sessions/unfinished.json'),
    'utf8'
  )
).payload;

describe('connection', () => {
  it('loads the first page of experiments once connected', async () => {
    const fake = new FakeApi(3);
    const model = makeModel(fake);
    expect(model.getSnapshot().connection.kind).toBe('loading');
    await model.connect(false);
    const state = model.getSnapshot();
    expect(state.connection).toEqual({ kind: 'ok', status: STATUS_OK });
    expect(state.versionWarning).toBeNull();
    expect(state.experiments.items.map(e => e.name)).toEqual([
      'exp-1',
      'exp-2'
    ]);
    expect(state.experiments.nextPageToken).toBe('2');
    expect(fake.calls[0]).toBe('status(false)');
  });

  it('reports an unreachable tracking server with its reason, and recovers on retry', async () => {
    const fake = new FakeApi();
    fake.status = STATUS_DOWN;
    const model = makeModel(fake);
    await model.connect();
    expect(model.getSnapshot().connection).toEqual({
      kind: 'unreachable',
      status: STATUS_DOWN
    });
    expect(model.getSnapshot().experiments.loaded).toBe(false);
    expect(fake.calls.filter(c => c.startsWith('experiments'))).toEqual([]);

    fake.status = STATUS_OK;
    await model.refresh();
    expect(model.getSnapshot().connection.kind).toBe('ok');
    expect(model.getSnapshot().experiments.items).toHaveLength(2);
  });

  it('says what to install when the server extension is missing', async () => {
    const fake = new FakeApi();
    fake.status = Object.assign(new Error('404'), {
      kind: 'missing-server-extension'
    });
    const model = makeModel(fake);
    await model.connect();
    expect(model.getSnapshot().connection).toEqual({
      kind: 'error',
      message: MISSING_SERVER_EXTENSION,
      missingServerExtension: true
    });
  });

  it('warns when the server extension has another version', async () => {
    const fake = new FakeApi();
    fake.status = { ...STATUS_OK, extension_version: '0.0.9' };
    const model = makeModel(fake);
    await model.connect();
    expect(model.getSnapshot().versionWarning).toMatch(/0\.1\.0.*0\.0\.9/);
  });
});

describe('experiments', () => {
  it('pages to the end and stops', async () => {
    const fake = new FakeApi(5);
    const model = makeModel(fake);
    await model.connect();
    await model.loadMoreExperiments();
    await model.loadMoreExperiments();
    await model.loadMoreExperiments();
    const list = model.getSnapshot().experiments;
    expect(list.items.map(e => e.experimentId)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5'
    ]);
    expect(list.nextPageToken).toBeNull();
    expect(fake.calls.filter(c => c.startsWith('experiments'))).toHaveLength(3);
  });

  it('searches from the first page again', async () => {
    const fake = new FakeApi(12);
    const model = makeModel(fake);
    await model.connect();
    model.setExperimentQuery({ search: 'EXP-1' });
    await flush();
    const list = model.getSnapshot().experiments;
    expect(list.items.map(e => e.name)).toEqual(['exp-1', 'exp-10']);
    expect(fake.calls.at(-1)).toBe('experiments(EXP-1,)');
  });

  it('drops the answer of a search that was overtaken', async () => {
    const fake = new FakeApi(12);
    const model = makeModel(fake);
    await model.connect();
    fake.hold = true;
    model.setExperimentQuery({ search: 'exp-1' });
    model.setExperimentQuery({ search: 'exp-2' });
    fake.release();
    await flush();
    expect(model.getSnapshot().experiments.items.map(e => e.name)).toEqual([
      'exp-2'
    ]);
  });

  it('keeps the list and offers a retry when a further page fails', async () => {
    const fake = new FakeApi(5);
    const model = makeModel(fake);
    await model.connect();
    fake.failExperiments = new Error(
      'tracking server unreachable at x: connection refused'
    );
    await model.loadMoreExperiments();
    let list = model.getSnapshot().experiments;
    expect(list.items).toHaveLength(2);
    expect(list.error).toMatch(/connection refused/);
    // No automatic retry loop while the error stands…
    await model.loadMoreExperiments();
    expect(fake.calls.filter(c => c.startsWith('experiments'))).toHaveLength(2);
    // …but an explicit one.
    fake.failExperiments = null;
    await model.retryMoreExperiments();
    list = model.getSnapshot().experiments;
    expect(list.items).toHaveLength(4);
    expect(list.error).toBeNull();
  });
});

describe('traces', () => {
  it('lists the selected experiment, pages, and filters from the first page', async () => {
    const fake = new FakeApi(2, 7);
    const model = makeModel(fake, 3);
    await model.connect();
    model.selectExperiment('2');
    await flush();
    let traces = model.getSnapshot().traces;
    expect(traces.items.map(t => t.traceId)).toEqual([
      'tr-2-0',
      'tr-2-1',
      'tr-2-2'
    ]);
    expect(traces.info).toBe('full-text');
    expect(traces.items[1]).toMatchObject({
      name: 'agent',
      state: 'OK',
      durationMs: 250,
      tokenUsage: { totalTokens: 101 },
      requestPreview: '{"q":"question 1"}'
    });
    await model.loadMoreTraces();
    await model.loadMoreTraces();
    traces = model.getSnapshot().traces;
    expect(traces.items).toHaveLength(7);
    expect(traces.nextPageToken).toBeNull();

    model.setTraceQuery({ status: 'ERROR' });
    await flush();
    traces = model.getSnapshot().traces;
    expect(traces.items.map(t => t.traceId)).toEqual(['tr-2-3']);
    expect(model.getSnapshot().selectedExperiment?.name).toBe('exp-2');
  });

  it('fetches the selected experiment when it is not in the list', async () => {
    const fake = new FakeApi(5);
    const model = makeModel(fake);
    await model.connect();
    model.selectExperiment('5');
    await flush();
    expect(model.getSnapshot().selectedExperiment?.name).toBe('exp-5');
    expect(fake.calls).toContain('experiment(5)');
  });

  it('shows why the traces could not be loaded', async () => {
    const fake = new FakeApi();
    const model = makeModel(fake);
    await model.connect();
    fake.failTraces = new Error('not authorized');
    model.selectExperiment('1');
    await flush();
    const traces = model.getSnapshot().traces;
    expect(traces.loaded).toBe(false);
    expect(traces.error).toBe('not authorized');
  });

  it('a refresh puts new traces on top and keeps the loaded pages', async () => {
    const fake = new FakeApi(1, 6);
    const model = makeModel(fake, 2);
    await model.connect();
    model.selectExperiment('1');
    await flush();
    await model.loadMoreTraces();
    expect(model.getSnapshot().traces.items).toHaveLength(4);
    fake.traces.get('1')!.unshift(rawTrace('tr-new', '1', -1));
    await model.refresh();
    const traces = model.getSnapshot().traces;
    expect(traces.items.map(t => t.traceId)).toEqual([
      'tr-new',
      'tr-1-0',
      'tr-1-1',
      'tr-1-2',
      'tr-1-3'
    ]);
    expect(traces.nextPageToken).toBe('4');
  });
});

describe('refresh keeps the place', () => {
  it('keeps the selected experiment, updated, and the loaded pages of its traces', async () => {
    const fake = new FakeApi(3, 6);
    const model = makeModel(fake, 2);
    await model.connect();
    model.selectExperiment('2');
    await flush();
    await model.loadMoreTraces();
    fake.experiments[1].name = 'exp-2-renamed';
    await model.refresh();
    const state = model.getSnapshot();
    expect(state.selectedExperimentId).toBe('2');
    expect(state.selectedExperiment?.name).toBe('exp-2-renamed');
    expect(state.traces.items.map(t => t.traceId)).toEqual([
      'tr-2-0',
      'tr-2-1',
      'tr-2-2',
      'tr-2-3'
    ]);
  });

  it('a store that stops answering marks both lists stale, keeping them', async () => {
    const fake = new FakeApi(3, 6);
    const model = makeModel(fake, 2);
    await model.connect();
    model.selectExperiment('1');
    await flush();
    fake.status = STATUS_DOWN;
    await model.refresh();
    let state = model.getSnapshot();
    expect(state.experiments.stale).toBe(true);
    expect(state.traces.stale).toBe(true);
    expect(state.traces.items).toHaveLength(2);
    fake.status = STATUS_OK;
    await model.refresh();
    state = model.getSnapshot();
    expect(state.experiments.stale).toBe(false);
    expect(state.traces.stale).toBe(false);
  });
});

describe('following the notebook', () => {
  it('selects the followed experiment unless the user picked one', async () => {
    const fake = new FakeApi(3);
    const model = makeModel(fake);
    await model.connect();
    model.followExperiment('2');
    await flush();
    expect(model.getSnapshot().selectedExperimentId).toBe('2');
    expect(model.getSnapshot().followedExperimentId).toBe('2');
    model.followExperiment('1');
    await flush();
    expect(model.getSnapshot().selectedExperimentId).toBe('1');

    model.selectExperiment('3');
    model.followExperiment('2');
    await flush();
    expect(model.getSnapshot().selectedExperimentId).toBe('3');
    expect(model.getSnapshot().followedExperimentId).toBe('2');
  });

  it('looks again after short delays until the new traces are listed', async () => {
    vi.useFakeTimers();
    const fake = new FakeApi(1, 2);
    const model = makeModel(fake, 10, 3, 100);
    await model.connect();
    model.selectExperiment('1');
    await vi.advanceTimersByTimeAsync(0);
    const traceCalls = () =>
      fake.calls.filter(c => c.startsWith('traces')).length;
    const before = traceCalls();

    model.refreshAfterExecution('1', ['tr-late']);
    await vi.advanceTimersByTimeAsync(0);
    expect(model.getSnapshot().waitingForTraces).toBe(true);
    expect(traceCalls()).toBe(before + 1);
    await vi.advanceTimersByTimeAsync(100);
    expect(traceCalls()).toBe(before + 2);
    // MLflow finished exporting.
    fake.traces.get('1')!.unshift(rawTrace('tr-late', '1', -1));
    await vi.advanceTimersByTimeAsync(200);
    expect(traceCalls()).toBe(before + 3);
    expect(model.getSnapshot().traces.items[0].traceId).toBe('tr-late');
    expect(model.getSnapshot().waitingForTraces).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(traceCalls()).toBe(before + 3);
  });

  it('gives up after the last delay', async () => {
    vi.useFakeTimers();
    const fake = new FakeApi(1, 2);
    const model = makeModel(fake, 10, 2, 100);
    await model.connect();
    model.followExperiment('1');
    await vi.advanceTimersByTimeAsync(0);
    const before = fake.calls.length;
    model.refreshAfterExecution('1', ['tr-never']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(fake.calls.length - before).toBe(3);
    expect(model.getSnapshot().waitingForTraces).toBe(false);
  });

  it('switches to the experiment a cell traced into', async () => {
    const fake = new FakeApi(3);
    const model = makeModel(fake, 10, 0);
    await model.connect();
    model.refreshAfterExecution('3', ['tr-3-0']);
    await flush();
    expect(model.getSnapshot().selectedExperimentId).toBe('3');
    expect(model.getSnapshot().traces.items[0].traceId).toBe('tr-3-0');
  });

  it('stops notifying after dispose', async () => {
    const fake = new FakeApi();
    const model = makeModel(fake);
    const listener = vi.fn();
    model.subscribe(listener);
    model.dispose();
    await model.connect();
    expect(listener).not.toHaveBeenCalled();
    expect(model.isDisposed).toBe(true);
  });
});

describe('a followed experiment that is not listed yet', () => {
  it('reloads the experiments (the notebook just created it)', async () => {
    const fake = new FakeApi(2);
    const model = makeModel(fake, 10);
    await model.connect();
    fake.experiments.unshift({
      experiment_id: '9',
      name: 'created-by-notebook',
      last_update_time: 2e12
    });
    fake.traces.set('9', []);
    model.followExperiment('9');
    await flush();
    const state = model.getSnapshot();
    expect(state.experiments.items[0].name).toBe('created-by-notebook');
    expect(state.selectedExperiment?.name).toBe('created-by-notebook');
  });
});

describe('a trace MLflow has started but not finished exporting', () => {
  it('keeps looking until it is no longer IN_PROGRESS', async () => {
    vi.useFakeTimers();
    const fake = new FakeApi(1, 1);
    const model = makeModel(fake, 10, 3, 100);
    await model.connect();
    model.selectExperiment('1');
    await vi.advanceTimersByTimeAsync(0);
    // Listed at once, unnamed and in progress (as MLflow 3.17 does).
    fake.traces
      .get('1')!
      .unshift(rawTrace('tr-new', '1', -1, { state: 'IN_PROGRESS', tags: {} }));
    model.refreshAfterExecution('1', ['tr-new']);
    await vi.advanceTimersByTimeAsync(0);
    expect(model.getSnapshot().traces.items[0].state).toBe('IN_PROGRESS');
    expect(model.getSnapshot().waitingForTraces).toBe(true);
    fake.traces.get('1')![0] = rawTrace('tr-new', '1', -1);
    await vi.advanceTimersByTimeAsync(100);
    const first = model.getSnapshot().traces.items[0];
    expect(first.traceId).toBe('tr-new');
    expect(first.state).toBe('OK');
    expect(first.name).toBe('agent');
    expect(model.getSnapshot().waitingForTraces).toBe(false);
  });
});

describe('a turn listed before MLflow wrote its own info', () => {
  const [fromSpans] = turn.from_spans.traces;
  const [final] = turn.final.traces;

  it('is read again until final, then grouped with its session', async () => {
    vi.useFakeTimers();
    const fake = new FakeApi(1, 1);
    const model = makeModel(fake, 10, 3, 100);
    await model.connect();
    model.selectExperiment('1');
    model.setGroupBySession(true);
    await vi.advanceTimersByTimeAsync(0);
    fake.traces.get('1')!.unshift(fromSpans);
    model.refreshAfterExecution('1', [fromSpans.trace_id]);
    await vi.advanceTimersByTimeAsync(0);
    const listed = () => model.getSnapshot().traces.items[0];
    expect(listed().traceId).toBe(fromSpans.trace_id);
    expect(listed().metadata['mlflow.trace.session']).toBeUndefined();
    expect(model.getSnapshot().waitingForTraces).toBe(true);

    fake.traces.get('1')![0] = final;
    await vi.advanceTimersByTimeAsync(100);
    expect(listed().metadata['mlflow.trace.session']).toBe('chat-paris');
    expect(model.getSnapshot().traces.items).toHaveLength(2);
    expect(model.getSnapshot().waitingForTraces).toBe(false);
    const calls = fake.calls.length;
    await vi.advanceTimersByTimeAsync(10 * IN_PROGRESS_POLL_MS);
    expect(fake.calls.length).toBe(calls); // final: nothing more to read
  });
});

describe('traces listed as not final', () => {
  // IN_PROGRESS (hand-made info), or a REAL turn listed from its spans only.
  it.each([
    {
      kind: 'IN_PROGRESS',
      running: rawTrace('tr-run', '1', 0, { state: 'IN_PROGRESS' }),
      done: rawTrace('tr-run', '1', 0),
      shows: (t: ITraceSummary) => t.state === 'OK'
    },
    {
      kind: 'listed from its spans',
      running: turn.from_spans.traces[0],
      done: turn.final.traces[0],
      shows: (t: ITraceSummary) =>
        t.metadata['mlflow.trace.session'] === 'chat-paris'
    }
  ])(
    '($kind) are looked at again every few seconds, for a while',
    async ({ running, done, shows }) => {
      vi.useFakeTimers();
      const fake = new FakeApi(1, 0);
      fake.traces.set('1', [running]);
      const model = makeModel(fake, 10, 0);
      await model.connect();
      model.selectExperiment('1');
      await vi.advanceTimersByTimeAsync(0);
      const calls = () => fake.calls.filter(c => c.startsWith('traces')).length;
      const before = calls();
      await vi.advanceTimersByTimeAsync(IN_PROGRESS_POLL_MS);
      expect(calls()).toBe(before + 1);
      expect(shows(model.getSnapshot().traces.items[0])).toBe(false);
      fake.traces.set('1', [done]);
      await vi.advanceTimersByTimeAsync(IN_PROGRESS_POLL_MS);
      expect(calls()).toBe(before + 2);
      expect(shows(model.getSnapshot().traces.items[0])).toBe(true);
      // Final: no more polling.
      await vi.advanceTimersByTimeAsync(10 * IN_PROGRESS_POLL_MS);
      expect(calls()).toBe(before + 2);
    }
  );

  it('stop after the last poll even when still running', async () => {
    vi.useFakeTimers();
    const fake = new FakeApi(1, 0);
    fake.traces.set('1', [
      rawTrace('tr-run', '1', 0, { state: 'IN_PROGRESS' })
    ]);
    const model = makeModel(fake, 10, 0);
    await model.connect();
    model.selectExperiment('1');
    await vi.advanceTimersByTimeAsync(0);
    const before = fake.calls.length;
    await vi.advanceTimersByTimeAsync(
      (MAX_IN_PROGRESS_POLLS + 5) * IN_PROGRESS_POLL_MS
    );
    expect(fake.calls.length - before).toBe(MAX_IN_PROGRESS_POLLS);
    model.dispose();
  });
});
