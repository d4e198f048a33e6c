// @vitest-environment jsdom
/**
 * Marking two trace rows and comparing them: by keyboard (Space on the
 * active row), Ctrl/Cmd+click and the row's mark box, through the real
 * sidebar model.
 */
import '../../../__tests__/jsdomShims'; // before ui-components (in the views)
import React from 'react';
import {
  act,
  cleanup,
  fireEvent,
  render,
  screen,
  within
} from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { SidebarModel } from '../../../sidebar/model/sidebarModel';
import { SidebarContainer } from '../Sidebar';
import { TracePane } from '../TracePane';
import {
  FakeApi,
  flush,
  loadedTraces,
  paneDefaults,
  summary
} from './fixtures';

afterEach(() => {
  cleanup();
});

const traceList = () => screen.getByRole('listbox', { name: 'Traces' });
const traceRows = () => within(traceList()).getAllByRole('option');

async function sidebarOnExperiment1() {
  const fake = new FakeApi(2, 4);
  const model = new SidebarModel({ api: fake.api, frontendVersion: '0.1.0' });
  const onOpenTrace = vi.fn();
  const onCompare = vi.fn();
  render(
    <SidebarContainer
      model={model}
      onOpenTrace={onOpenTrace}
      onCompare={onCompare}
    />
  );
  await act(async () => {
    await model.connect();
    model.selectExperiment('1');
    await flush();
  });
  return { model, onOpenTrace, onCompare };
}

describe('comparing two sidebar rows', () => {
  it('marks with Space on the active row and compares the earlier trace as A', async () => {
    const { onOpenTrace, onCompare } = await sidebarOnExperiment1();
    expect(traceRows()[0].getAttribute('aria-checked')).toBe('false');
    expect(screen.queryByRole('region', { name: 'Traces to compare' })).toBe(
      null
    );

    const list = traceList();
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: ' ' });
    expect(traceRows()[0].getAttribute('aria-checked')).toBe('true');
    const bar = screen.getByRole('region', { name: 'Traces to compare' });
    within(bar).getByText(/mark one more trace to compare/);
    const compare = within(bar).getByRole('button', { name: 'Compare' });
    expect((compare as HTMLButtonElement).disabled).toBe(true);

    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: ' ' });
    expect(traceRows().map(row => row.getAttribute('aria-checked'))).toEqual([
      'true',
      'true',
      'false',
      'false'
    ]);
    expect(onOpenTrace).not.toHaveBeenCalled();
    // tr-1-1 ("agent") started a second before tr-1-0 ("tool").
    expect(within(bar).getByRole('status').textContent).toMatch(
      /^Compare agent .+ \(A\) with tool .+ \(B\)$/
    );

    fireEvent.click(within(bar).getByRole('button', { name: 'Compare' }));
    expect(onCompare).toHaveBeenCalledTimes(1);
    expect(onCompare.mock.calls[0].map(t => t.traceId)).toEqual([
      'tr-1-1',
      'tr-1-0'
    ]);

    // Space again unmarks; Enter still opens.
    fireEvent.keyDown(list, { key: ' ' });
    expect(traceRows()[1].getAttribute('aria-checked')).toBe('false');
    fireEvent.keyDown(list, { key: 'Enter' });
    expect(onOpenTrace.mock.calls[0][0].traceId).toBe('tr-1-1');
  });

  it('marks with Ctrl/Cmd+click and the mark box, without opening; a third mark lets go of the first', async () => {
    const { model, onOpenTrace } = await sidebarOnExperiment1();
    fireEvent.click(traceRows()[0], { ctrlKey: true });
    fireEvent.click(traceRows()[1], { metaKey: true });
    const box = traceRows()[2].querySelector('.jp-MlflowSidebar-markBox')!;
    fireEvent.click(box);
    expect(onOpenTrace).not.toHaveBeenCalled();
    expect(model.getSnapshot().marked.map(t => t.traceId)).toEqual([
      'tr-1-1',
      'tr-1-2'
    ]);
    expect(traceRows().map(row => row.getAttribute('aria-checked'))).toEqual([
      'false',
      'true',
      'true',
      'false'
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Clear marks' }));
    expect(model.getSnapshot().marked).toEqual([]);
    expect(screen.queryByRole('region', { name: 'Traces to compare' })).toBe(
      null
    );
    // A plain click still opens the trace.
    fireEvent.click(traceRows()[3]);
    expect(onOpenTrace.mock.calls[0][0].traceId).toBe('tr-1-3');
  });

  it("offers no marks in a kernel's own store, nor without a compare action", async () => {
    const { model } = await sidebarOnExperiment1();
    await act(async () => {
      await model.browseStore('sqlite:////tmp/kernel/mlflow.db');
      model.selectExperiment('1');
      await flush();
    });
    expect(traceRows()[0].hasAttribute('aria-checked')).toBe(false);
    expect(document.querySelector('.jp-MlflowSidebar-markBox')).toBeNull();
    cleanup();

    const onOpenTrace = vi.fn();
    render(
      <TracePane
        {...paneDefaults}
        traces={loadedTraces([summary('tr-a'), summary('tr-b')])}
        onOpenTrace={onOpenTrace}
      />
    );
    expect(document.querySelector('.jp-MlflowSidebar-markBox')).toBeNull();
    fireEvent.keyDown(traceList(), { key: 'ArrowDown' });
    fireEvent.keyDown(traceList(), { key: ' ' });
    expect(onOpenTrace.mock.calls[0][0].traceId).toBe('tr-a');
  });
});
