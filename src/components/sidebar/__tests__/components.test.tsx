// @vitest-environment jsdom
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

import { ConnectionHeader } from '../ConnectionHeader';
import { SidebarModel } from '../../../sidebar/model/sidebarModel';
import { SidebarContainer, SidebarView } from '../Sidebar';
import { TracePane } from '../TracePane';
import { VirtualList } from '../VirtualList';
import { SEARCH_DEBOUNCE_MS } from '../controls';
import {
  FakeApi,
  flush,
  loadedTraces,
  noSidebarCallbacks,
  paneDefaults,
  STATUS_DOWN,
  STATUS_OK,
  summary
} from './fixtures';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function traceRows(): HTMLElement[] {
  return within(screen.getByRole('listbox', { name: 'Traces' })).queryAllByRole(
    'option'
  );
}

describe('VirtualList', () => {
  const many = Array.from({ length: 100_000 }, (_, i) => `row ${i}`);

  it('keeps 100,000 rows fluid: only the rows in view are in the DOM', () => {
    const onEnd = vi.fn();
    render(
      <VirtualList
        items={many}
        rowHeight={30}
        getKey={s => s}
        renderRow={s => <span>{s}</span>}
        activeIndex={-1}
        onActiveChange={() => undefined}
        onActivate={() => undefined}
        onEndReached={onEnd}
        ariaLabel="Many"
        idPrefix="t"
        fallbackHeight={300}
      />
    );
    const list = screen.getByRole('listbox', { name: 'Many' });
    expect(within(list).getAllByRole('option').length).toBeLessThan(40);
    expect((list.firstChild as HTMLElement).style.height).toBe('3000000px');
    expect(onEnd).not.toHaveBeenCalled();

    // Scroll to the end: the last rows render, and the next page is asked for.
    act(() => {
      list.scrollTop = 2_999_700;
      fireEvent.scroll(list);
    });
    const rows = within(list).getAllByRole('option');
    expect(rows.length).toBeLessThan(40);
    expect(rows.at(-1)!.textContent).toBe('row 99999');
    expect(rows.at(-1)!.getAttribute('aria-setsize')).toBe('100000');
    expect(onEnd).toHaveBeenCalled();
  });

  it('asks for the next page again when a load that was running ends with the end in view', () => {
    const onEnd = vi.fn();
    const list = (canLoadMore: boolean) => (
      <VirtualList
        items={many.slice(0, 5)}
        rowHeight={30}
        getKey={s => s}
        renderRow={s => <span>{s}</span>}
        activeIndex={-1}
        onActiveChange={() => undefined}
        onActivate={() => undefined}
        onEndReached={onEnd}
        canLoadMore={canLoadMore}
        ariaLabel="Short"
        idPrefix="s"
        fallbackHeight={300}
      />
    );
    // All 5 rows are in view while another load runs: nothing is asked yet.
    const { rerender } = render(list(false));
    expect(onEnd).not.toHaveBeenCalled();
    // That load ends with nothing new and no scroll: the end is still in view.
    rerender(list(true));
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('moves with the keyboard and opens with Enter', () => {
    const onActivate = vi.fn();
    function Harness() {
      const [active, setActive] = React.useState(-1);
      return (
        <VirtualList
          items={many}
          rowHeight={30}
          getKey={s => s}
          renderRow={s => <span>{s}</span>}
          activeIndex={active}
          onActiveChange={setActive}
          onActivate={onActivate}
          ariaLabel="Many"
          idPrefix="k"
          fallbackHeight={300}
        />
      );
    }
    render(<Harness />);
    const list = screen.getByRole('listbox', { name: 'Many' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(list.getAttribute('aria-activedescendant')).toBe('k-row-1');
    fireEvent.keyDown(list, { key: 'Enter' });
    expect(onActivate).toHaveBeenCalledWith(1);
    fireEvent.keyDown(list, { key: 'End' });
    expect(list.scrollTop).toBeGreaterThan(2_990_000);
    expect(
      screen.getByText('row 99999').parentElement!.getAttribute('aria-selected')
    ).toBe('true');
  });
});

describe('TracePane', () => {
  it('shows name or request preview, status, relative start (exact on hover), duration, tokens', () => {
    const now = Date.now();
    render(
      <TracePane
        {...paneDefaults}
        traces={loadedTraces([
          summary('tr-1', {
            name: 'weather_agent',
            requestPreview: '{"q": "weather in Kyoto?"}',
            startMs: now - 5 * 60_000,
            durationMs: 1530,
            tokenUsage: { totalTokens: 1234 }
          }),
          summary('tr-2', {
            name: 'tr-2',
            requestPreview: 'only a preview',
            state: 'ERROR'
          })
        ])}
      />
    );
    const [first, second] = traceRows();
    within(first).getByText('weather_agent');
    within(first).getByText('{"q": "weather in Kyoto?"}');
    within(first).getByText('OK');
    const started = within(first).getByText('5 min ago');
    expect(started.getAttribute('title')).toMatch(/Z\)$/);
    within(first).getByText('1.53 s');
    within(first).getByText('1.2k');
    within(second).getByText('only a preview');
    within(second).getByText('Error');
  });

  it('opens a trace on click', () => {
    const onOpenTrace = vi.fn();
    const trace = summary('tr-9');
    render(
      <TracePane
        {...paneDefaults}
        onOpenTrace={onOpenTrace}
        traces={loadedTraces([trace])}
      />
    );
    fireEvent.click(traceRows()[0]);
    expect(onOpenTrace).toHaveBeenCalledWith(trace);
  });

  it('sorts by the clicked column', () => {
    const onQuery = vi.fn();
    render(
      <TracePane
        {...paneDefaults}
        onQuery={onQuery}
        traces={loadedTraces([summary('a')])}
      />
    );
    fireEvent.click(screen.getByRole('button', { name: /Started/ }));
    expect(onQuery).toHaveBeenLastCalledWith({ orderBy: 'timestamp_ms ASC' });
    fireEvent.click(screen.getByRole('button', { name: /Duration/ }));
    expect(onQuery).toHaveBeenLastCalledWith({
      orderBy: 'execution_time_ms DESC'
    });
  });

  it('filters by status at once and by text after typing pauses', () => {
    vi.useFakeTimers();
    const onQuery = vi.fn();
    render(
      <TracePane
        {...paneDefaults}
        onQuery={onQuery}
        traces={loadedTraces([])}
      />
    );
    fireEvent.change(
      screen.getByRole('combobox', { name: 'Filter traces by status' }),
      {
        target: { value: 'ERROR' }
      }
    );
    expect(onQuery).toHaveBeenLastCalledWith({ status: 'ERROR' });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search traces' }), {
      target: { value: 'kyoto' }
    });
    expect(onQuery).not.toHaveBeenCalledWith({ text: 'kyoto' });
    act(() => {
      vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS + 10);
    });
    expect(onQuery).toHaveBeenLastCalledWith({ text: 'kyoto' });
  });

  it('says what to do when empty, filtered out, failed or nothing is selected', () => {
    const onQuery = vi.fn();
    const onReload = vi.fn();
    const { rerender } = render(
      <TracePane
        {...paneDefaults}
        onReload={onReload}
        traces={loadedTraces([])}
      />
    );
    screen.getByText('No traces in this experiment yet');
    screen.getByText('@mlflow.trace');

    rerender(
      <TracePane
        {...paneDefaults}
        onQuery={onQuery}
        query={{ ...paneDefaults.query, text: 'zzz' }}
        traces={loadedTraces([], { info: 'exact-name' })}
      />
    );
    screen.getByText('No trace matches these filters');
    screen.getByText(/exact trace name only/);
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(onQuery).toHaveBeenCalledWith({ status: '', text: '' });

    rerender(
      <TracePane
        {...paneDefaults}
        onReload={onReload}
        traces={{
          ...loadedTraces([]),
          loaded: false,
          error: 'tracking server unreachable'
        }}
      />
    );
    expect(screen.getByRole('alert').textContent).toContain(
      'tracking server unreachable'
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onReload).toHaveBeenCalled();

    rerender(
      <TracePane
        {...paneDefaults}
        experimentId={null}
        traces={loadedTraces([])}
      />
    );
    screen.getByText('No experiment selected');
  });

  it('offers a retry when a further page fails, keeping the rows', () => {
    const onRetryMore = vi.fn();
    render(
      <TracePane
        {...paneDefaults}
        onRetryMore={onRetryMore}
        traces={loadedTraces([summary('a')], {
          error: 'timed out',
          nextPageToken: 'x'
        })}
      />
    );
    expect(traceRows()).toHaveLength(1);
    screen.getByText(/More traces could not be loaded: timed out/);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetryMore).toHaveBeenCalled();
  });
});

describe('ConnectionHeader', () => {
  it('shows the URI, the MLflow version and a refresh', () => {
    const onRetry = vi.fn();
    render(
      <ConnectionHeader
        connection={{ kind: 'ok', status: STATUS_OK }}
        versionWarning={null}
        onRetry={onRetry}
      />
    );
    screen.getByText('http://127.0.0.1:5000');
    screen.getByText('Connected · MLflow 3.17.2');
    // JupyterLab's toolbar button (a jp-button: jsdom gives it no role).
    fireEvent.click(screen.getByTitle('Refresh experiments and traces'));
    expect(onRetry).toHaveBeenCalled();
  });

  it('says why the server is unreachable and what to do next', () => {
    const onRetry = vi.fn();
    const onOpenSettings = vi.fn();
    render(
      <ConnectionHeader
        connection={{ kind: 'unreachable', status: STATUS_DOWN }}
        versionWarning="The MLflow traces frontend (0.2.0) and its server extension (0.1.0) differ"
        onRetry={onRetry}
        onOpenSettings={onOpenSettings}
      />
    );
    screen.getByText(STATUS_DOWN.reason);
    screen.getByText(/mlflow server --port 5000/);
    screen.getByText(/differ/);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    expect(onRetry).toHaveBeenCalled();
    expect(onOpenSettings).toHaveBeenCalled();
  });
});

describe('Sidebar with its model', () => {
  it('lists experiments, narrows them by search, and lists the traces of a click', async () => {
    const fake = new FakeApi(12, 4);
    const model = new SidebarModel({
      api: fake.api,
      frontendVersion: '0.1.0',
      pageSize: 50
    });
    const onOpenTrace = vi.fn();
    render(<SidebarContainer model={model} onOpenTrace={onOpenTrace} />);
    screen.getByText('Connecting…');
    await act(async () => {
      await model.connect();
    });
    const experiments = screen.getByRole('listbox', { name: 'Experiments' });
    expect(within(experiments).getAllByRole('option')).toHaveLength(12);

    fireEvent.change(
      screen.getByRole('searchbox', { name: 'Search experiments by name' }),
      {
        target: { value: 'exp-1' }
      }
    );
    fireEvent.keyDown(
      screen.getByRole('searchbox', { name: 'Search experiments by name' }),
      {
        key: 'Enter'
      }
    );
    await act(async () => {
      await flush();
    });
    const narrowed = within(
      screen.getByRole('listbox', { name: 'Experiments' })
    ).getAllByRole('option');
    expect(narrowed.map(r => r.textContent)).toEqual([
      expect.stringContaining('exp-1'),
      expect.stringContaining('exp-10'),
      expect.stringContaining('exp-11'),
      expect.stringContaining('exp-12')
    ]);

    fireEvent.click(narrowed[1]);
    await act(async () => {
      await flush();
    });
    expect(narrowed[1].className).toContain('jp-mod-selected');
    screen.getByText('· exp-10');
    expect(traceRows()).toHaveLength(4);
    fireEvent.click(traceRows()[0]);
    expect(onOpenTrace.mock.calls[0][0].traceId).toBe('tr-10-0');
  });

  it('shows the missing server extension and no lists', () => {
    render(
      <SidebarView
        state={{
          ...new SidebarModel({
            api: new FakeApi().api,
            frontendVersion: '0.1.0'
          }).getSnapshot(),
          connection: {
            kind: 'error',
            message: 'install it',
            missingServerExtension: true
          }
        }}
        {...noSidebarCallbacks}
      />
    );
    screen.getByText('Server extension unavailable');
    screen.getByText('install it');
    screen.getByText('The tracking server is not connected: see above.');
  });
});
