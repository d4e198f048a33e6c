// @vitest-environment jsdom
/**
 * A trace tab offers "Open trace" on a span link to another trace, and it
 * opens that trace in its own tab from the same store. REAL traces
 * (fixtures/links, made by generate_links.py under mlflow 3.17.2 against a
 * real tracking server); the app is a real CommandRegistry with a stand-in
 * shell that attaches what it is given.
 */
import '../../__tests__/jsdomShims'; // before any JupyterLab widget module
import { readFileSync } from 'fs';
import { resolve } from 'path';
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { CommandRegistry } from '@lumino/commands';
import { Widget } from '@lumino/widgets';
import { fireEvent, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { IRawTrace } from '../../api';
import { englishBundle } from '../../components/i18n';
import { exactly } from '../../model/__tests__/fixtureFiles';
import type { ITraceServices } from '../../tokens';
import { addSidebarTabs } from '../tabs';
import { CommandIDs } from '../tokens';

const payload = (name: string) =>
  exactly(
    readFileSync(resolve(__dirname, '../../../fixtures/links', name), 'utf8')
  ).payload;
const linked = payload('span-links.trace.json');
const upstream = payload('upstream.trace.json');
const byId: Record<string, IRawTrace> = Object.fromEntries(
  [linked, upstream].map(p => [
    p.info.trace_id,
    { info: p.info, spans: p.data, tracking_uri: 'http://127.0.0.1:5000' }
  ])
);

/** Reads of a kernel's store (the server extension's `store` argument). */
const storeReads: string[] = [];
vi.mock('../../api', async importOriginal => ({
  ...(await importOriginal<typeof import('../../api')>()),
  fetchTrace: async (id: string, options: { store?: string }) => {
    storeReads.push(`${options.store}:${id}`);
    return byId[id];
  }
}));

/** The sidebar's and viewer's code load on first use: slow on a busy machine. */
const LOADED = { timeout: 20_000 };

const opened: Widget[] = [];
afterEach(() => {
  opened.splice(0).forEach(w => w.dispose());
  storeReads.length = 0;
});

function setUp() {
  const commands = new CommandRegistry();
  const executed: unknown[] = [];
  commands.commandExecuted.connect((_, { id, args }) => {
    if (id === CommandIDs.openTrace) {
      executed.push(args);
    }
  });
  const fetched: string[] = [];
  const shell = {
    add: (widget: Widget) => {
      opened.push(widget);
      Widget.attach(widget, document.body);
    },
    activateById: () => undefined
  };
  const services = {
    fetchTrace: async (id: string) => {
      fetched.push(id);
      return byId[id];
    },
    settings: { defaultExpandDepth: 2 }
  } as unknown as ITraceServices;
  addSidebarTabs({
    app: { commands, shell } as unknown as JupyterFrontEnd,
    services,
    restorer: null,
    rendermime: null,
    trans: englishBundle,
    browsingStore: () => null
  });
  return { commands, executed, fetched };
}

/** Selects the span whose link points to the other trace, then "Open trace". */
async function openLinkedTrace(tab: Widget): Promise<void> {
  const view = within(tab.node);
  fireEvent.click(
    await view.findByRole('button', { name: 'Expand all' }, LOADED)
  );
  const executor = view
    .getAllByRole('treeitem')
    .find(
      r =>
        r.querySelector('.jp-MlflowTrace-rowLabel')!.textContent === 'executor'
    )!;
  fireEvent.click(executor);
  fireEvent.click(view.getByRole('button', { name: 'Open trace' }));
}

describe('trace tabs open linked traces', () => {
  it.each([
    { where: 'the configured server', store: '' },
    { where: "a kernel's store", store: 'kernel-store-1' }
  ])("opens the link's other trace in a tab of $where", async ({ store }) => {
    const { commands, executed, fetched } = setUp();
    const first = (await commands.execute(CommandIDs.openTrace, {
      traceId: linked.info.trace_id,
      store
    })) as Widget;
    await openLinkedTrace(first);

    await waitFor(() => expect(opened).toHaveLength(2), LOADED);
    expect(executed[1]).toEqual({ traceId: upstream.info.trace_id, store });
    await waitFor(
      () =>
        expect(opened[1].title.label).toBe(
          upstream.data.spans.find(
            (s: { parent_span_id?: string }) => !s.parent_span_id
          ).name
        ),
      LOADED
    );
    const reads = [linked.info.trace_id, upstream.info.trace_id];
    // A kernel store's traces are never read from the configured server.
    expect(fetched).toEqual(store ? [] : reads);
    expect(storeReads).toEqual(store ? reads.map(id => `${store}:${id}`) : []);
  });
});
