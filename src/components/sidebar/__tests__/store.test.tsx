// @vitest-environment jsdom
/**
 * The notebook's own store (offered, browsed per request, left again) and
 * lists that are marked when the store stops answering.
 */
import '../../../__tests__/jsdomShims'; // before ui-components (in the views)
import React from 'react';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { SidebarModel } from '../../../sidebar/model/sidebarModel';
import { SidebarContainer } from '../Sidebar';
import { StoreSwitch } from '../StoreSwitch';
import { TracePane } from '../TracePane';
import {
  FakeApi,
  flush,
  paneDefaults,
  STATUS_DOWN,
  STATUS_OK,
  summary
} from './fixtures';

const KERNEL_STORE = 'sqlite:////home/me/project/mlflow.db';
const KERNEL_STATUS = {
  ...STATUS_OK,
  tracking_uri: KERNEL_STORE,
  tracking_uri_source: 'notebook kernel',
  is_http: false
};

afterEach(() => {
  cleanup();
});

/** A FakeApi that records the store each call names (`-`: the server's). */
function storeRecordingApi(fake: FakeApi) {
  const seen: string[] = [];
  const api = {
    ...fake.api,
    status: async (force: boolean, store?: string) => {
      seen.push(`status ${store ?? '-'}`);
      return store ? (KERNEL_STATUS as any) : fake.api.status(force);
    },
    searchExperiments: (query: any, signal: AbortSignal) => {
      seen.push(`experiments ${query.store ?? '-'}`);
      return fake.api.searchExperiments(query, signal);
    },
    searchTraces: (id: string, query: any, signal: AbortSignal) => {
      seen.push(`traces ${query.store ?? '-'}`);
      return fake.api.searchTraces(id, query, signal);
    }
  };
  return { api, seen };
}

describe("browsing the notebook's store", () => {
  it('names the store in every request, and the server store again after Back', async () => {
    const fake = new FakeApi(2, 3);
    const { api, seen } = storeRecordingApi(fake);
    const model = new SidebarModel({ api, frontendVersion: '0.1.0' });
    await model.connect();
    model.selectExperiment('1');
    await flush();
    expect(seen).toEqual(['status -', 'experiments -', 'traces -']);

    seen.length = 0;
    model.setNotebookStore({ uri: KERNEL_STORE, kind: 'local' });
    await model.browseStore(KERNEL_STORE);
    const state = model.getSnapshot();
    expect(state.browsing).toBe(KERNEL_STORE);
    // A new store: nothing selected from the old one.
    expect(state.selectedExperimentId).toBeNull();
    expect(state.connection).toEqual({ kind: 'ok', status: KERNEL_STATUS });
    model.selectExperiment('2');
    await flush();
    expect(seen).toEqual([
      `status ${KERNEL_STORE}`,
      `experiments ${KERNEL_STORE}`,
      `traces ${KERNEL_STORE}`
    ]);

    seen.length = 0;
    await model.browseStore(null);
    expect(seen).toEqual(['status -', 'experiments -']);
    expect(model.getSnapshot().connection).toEqual({
      kind: 'ok',
      status: STATUS_OK
    });
  });

  it('is offered in the sidebar, and a click browses it', async () => {
    const fake = new FakeApi(1, 1);
    const { api } = storeRecordingApi(fake);
    const model = new SidebarModel({ api, frontendVersion: '0.1.0' });
    await model.connect();
    model.setNotebookStore({ uri: KERNEL_STORE, kind: 'local' });
    render(<SidebarContainer model={model} onOpenTrace={() => undefined} />);
    screen.getByText(KERNEL_STORE);
    fireEvent.click(
      screen.getByRole('button', { name: "Browse the notebook's store" })
    );
    await flush();
    expect(model.getSnapshot().browsing).toBe(KERNEL_STORE);
    screen.getByText(/read by the Jupyter server for you only/);
    // The header names the store shown.
    expect(screen.getAllByText(KERNEL_STORE)[0].className).toBe(
      'jp-MlflowSidebar-uri'
    );
    fireEvent.click(
      screen.getByRole('button', { name: "Back to the server's store" })
    );
    await flush();
    expect(model.getSnapshot().browsing).toBeNull();
  });
});

describe('StoreSwitch', () => {
  it('gives another tracking server a browser link only', () => {
    const onBrowse = vi.fn();
    render(
      <StoreSwitch
        browsing={null}
        notebookStore={{ uri: 'http://10.1.2.3:5000', kind: 'http' }}
        onBrowse={onBrowse}
      />
    );
    const link = screen.getByRole('link', { name: 'Open it in the browser' });
    expect(link.getAttribute('href')).toBe('http://10.1.2.3:5000');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(screen.queryByRole('button')).toBeNull();
    screen.getByText(/which the Jupyter server does not/);
  });

  it('says why a database server is not read, and links nothing that is not http', () => {
    render(
      <StoreSwitch
        browsing={null}
        notebookStore={{ uri: 'postgresql://db/mlflow', kind: 'unsupported' }}
        onBrowse={() => undefined}
      />
    );
    screen.getByText(/does not read\s+database servers/);
    cleanup();
    render(
      <StoreSwitch
        browsing={null}
        notebookStore={{ uri: 'javascript:alert(1)', kind: 'http' }}
        onBrowse={() => undefined}
      />
    );
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('shows nothing when the notebook uses the store shown', () => {
    const { container } = render(
      <StoreSwitch
        browsing={KERNEL_STORE}
        notebookStore={{ uri: KERNEL_STORE, kind: 'local' }}
        onBrowse={() => undefined}
      />
    );
    expect(container.textContent).not.toMatch(/logs traces to/);
    screen.getByRole('button', { name: "Back to the server's store" });
  });
});

const downPane = { ...paneDefaults, connected: false, down: true };

const traces = (loaded: boolean, updatedAtMs: number | null) => ({
  items: loaded ? [summary('tr-1', { name: 'weather_agent' })] : [],
  nextPageToken: null,
  loading: 'idle' as const,
  error: null,
  loaded,
  updatedAtMs,
  refreshError: null,
  stale: false,
  info: 'full-text' as const
});

describe('while the store is down', () => {
  it('says the traces are not loaded, instead of loading forever', () => {
    render(<TracePane {...downPane} traces={traces(false, null)} />);
    screen.getByText('Traces not loaded');
    expect(screen.queryByText('Loading traces…')).toBeNull();
  });

  it('marks the listed traces as not current, with when they were listed', () => {
    const { container } = render(
      <TracePane {...downPane} traces={traces(true, Date.now() - 3 * 60_000)} />
    );
    expect(screen.getByRole('status').textContent).toBe(
      'Not current: the tracking store is not answering. Listed 3 min ago.'
    );
    screen.getByText('weather_agent');
    expect(
      container.querySelector('.jp-MlflowSidebar-traceTable.jp-mod-stale')
    ).not.toBeNull();
  });

  it('a refresh that finds the server gone marks the list', async () => {
    const fake = new FakeApi(1, 3);
    const model = new SidebarModel({ api: fake.api, frontendVersion: '0' });
    await model.connect();
    model.selectExperiment('1');
    await flush();
    expect(model.getSnapshot().traces.items).toHaveLength(3);

    const now = vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 60_000);
    fake.failTraces = Object.assign(
      new Error(
        'tracking server unreachable at http://127.0.0.1:5000: connection refused'
      ),
      { kind: 'unreachable', status: 502 }
    );
    fake.status = STATUS_DOWN;
    model.refreshAfterExecution('1');
    await flush(10);
    now.mockRestore();
    const state = model.getSnapshot();
    expect(state.connection.kind).toBe('unreachable');
    expect(state.traces.items).toHaveLength(3);
    render(<SidebarContainer model={model} onOpenTrace={() => undefined} />);
    screen.getByText(/^Not current/);
    screen.getByText(/mlflow server --port 5000/);
    model.dispose();
  });
});
