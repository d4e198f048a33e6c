// @vitest-environment jsdom
/**
 * The sidebar starts (and following begins) the first time it is shown;
 * before that it contacts nothing, follow reads no output, and neither its
 * model nor its lists exist (their code is the sidebar chunk).
 */
import '../../__tests__/jsdomShims'; // before any JupyterLab widget module
import { Widget } from '@lumino/widgets';
import { waitFor } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import { FakeApi } from '../../components/sidebar/__tests__/fixtures';
import { isFollowing } from '../follow';
import { MlflowSidebar } from '../widget';

describe('MlflowSidebar: following starts with the first opening', () => {
  // The sidebar chunk's first transform under vitest (ui-components' web
  // components included) can take longer than waitFor waits; what is
  // asserted is when the sidebar asks for the chunk, not how long it takes.
  beforeAll(async () => {
    await import('../lazy');
  }, 60000);

  it('is idle until shown, then starts once', async () => {
    const fake = new FakeApi();
    const createModel = vi.fn(
      ({ SidebarModel }) =>
        new SidebarModel({ api: fake.api, frontendVersion: '0.1.0' })
    );
    const onStart = vi.fn();
    const sidebar = new MlflowSidebar({
      createModel,
      onOpenTrace: () => undefined,
      onStart
    });
    sidebar.hide();
    Widget.attach(sidebar, document.body);

    expect(sidebar.node.querySelector('.jp-MlflowSidebar-body')).toBeNull();
    expect(sidebar.isStarted).toBe(false);
    expect(isFollowing(true, sidebar)).toBe(false);
    expect(onStart).not.toHaveBeenCalled();
    expect(fake.calls).toEqual([]);
    expect(createModel).not.toHaveBeenCalled();
    expect(sidebar.model).toBeNull();

    sidebar.show();
    expect(sidebar.isStarted).toBe(true);
    expect(isFollowing(true, sidebar)).toBe(true);
    expect(isFollowing(false, sidebar)).toBe(false);
    expect(onStart).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(fake.calls.length).toBeGreaterThan(0));
    // The lists arrive with the first opening.
    await waitFor(() =>
      expect(
        sidebar.node.querySelector('.jp-MlflowSidebar-body')
      ).not.toBeNull()
    );

    expect(sidebar.model?.getSnapshot().connection.kind).toBe('ok');

    sidebar.hide();
    sidebar.show();
    expect(onStart).toHaveBeenCalledTimes(1);
    expect(createModel).toHaveBeenCalledTimes(1);
    const model = sidebar.model!;
    sidebar.dispose();
    expect(model.isDisposed).toBe(true);
  });

  it('following a notebook before the first opening loads the model, not the lists', async () => {
    const fake = new FakeApi(3);
    const sidebar = new MlflowSidebar({
      createModel: ({ SidebarModel }) =>
        new SidebarModel({ api: fake.api, frontendVersion: '0.1.0' }),
      onOpenTrace: () => undefined
    });
    sidebar.hide();
    Widget.attach(sidebar, document.body);

    sidebar.followExperiment('2');
    expect(sidebar.isStarted).toBe(true);
    await waitFor(() =>
      expect(sidebar.model?.getSnapshot().selectedExperimentId).toBe('2')
    );
    await waitFor(() =>
      expect(sidebar.model?.getSnapshot().traces.loaded).toBe(true)
    );
    expect(sidebar.node.querySelector('.jp-MlflowSidebar-body')).toBeNull();
    sidebar.dispose();
  });
});
