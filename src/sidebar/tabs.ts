/**
 * The sidebar's main-area tabs: a trace by id (the `open-trace` command,
 * restored with the layout) and a conversation of the grouped list (one tab
 * per session and store). Their code arrives with the sidebar's chunk.
 */
import type { ILayoutRestorer, JupyterFrontEnd } from '@jupyterlab/application';
import {
  InputDialog,
  MainAreaWidget,
  WidgetTracker
} from '@jupyterlab/apputils';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';

import type { RenderMarkdownFn } from '../components/hooks';
import type { TranslationBundle } from '../components/i18n';
import { fetchTrace } from '../api';
import { mlflowTraceIcon } from '../icons';
import type { ISession } from '../model/sessions';
import type { ITraceServices } from '../tokens';
import { lazyInertMarkdown, loadSidebar } from '../viewerLoader';
// Types only: the tabs' code arrives with the sidebar's chunk (loadSidebar()).
import type { SessionTabContent } from './sessionTab';
import type { TraceTabContent } from './traceTab';
import { CommandIDs } from './tokens';

export interface ISidebarTabsOptions {
  app: JupyterFrontEnd;
  services: ITraceServices;
  restorer: ILayoutRestorer | null;
  rendermime: IRenderMimeRegistry | null;
  trans: TranslationBundle;
  /** The kernel store the sidebar browses; null: the server's. */
  browsingStore: () => string | null;
}

/** Adds the `open-trace` command and its tracker; returns how to open a session. */
export function addSidebarTabs(options: ISidebarTabsOptions): {
  openSession: (session: ISession) => Promise<void>;
} {
  const { app, services, restorer, trans } = options;
  const { commands, shell } = app;
  // Trace markdown renders inert, as in outputs (see markdown/render.ts).
  // Its code comes with the viewer, which a tab has loaded before it asks.
  const renderMd: RenderMarkdownFn | undefined = options.rendermime
    ? lazyInertMarkdown(options.rendermime)
    : undefined;
  const tabs = new WidgetTracker<MainAreaWidget<TraceTabContent>>({
    namespace: 'mlflow-trace'
  });
  if (restorer) {
    void restorer.restore(tabs, {
      command: CommandIDs.openTrace,
      args: (w: MainAreaWidget<TraceTabContent>) => ({
        traceId: w.content.traceId,
        experimentId: w.content.experimentId ?? '',
        store: w.content.store ?? ''
      }),
      name: (w: MainAreaWidget<TraceTabContent>) => w.content.traceId
    });
  }

  /** Where trace and session tabs fetch their traces, and how they show them. */
  const tabSource = (store: string | undefined) => ({
    store,
    fetchTrace: (id: string) =>
      store ? fetchTrace(id, { store }) : services.fetchTrace(id),
    renderMarkdown: renderMd,
    trans,
    defaultExpandDepth: services.settings.defaultExpandDepth,
    // A span link's other trace is read from the same store: a kernel's
    // store holds the traces that kernel logged, linked ones included.
    openTrace: (traceId: string) =>
      void commands.execute(CommandIDs.openTrace, {
        traceId,
        store: store ?? ''
      })
  });

  commands.addCommand(CommandIDs.openTrace, {
    label: args =>
      args.traceId
        ? trans.__('Open MLflow Trace %1', String(args.traceId))
        : trans.__('Open MLflow Trace by ID…'),
    caption: trans.__('Open an MLflow trace of the tracking server in a tab'),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          traceId: {
            type: 'string',
            description: 'Trace id (tr-…); without it, a dialog asks'
          },
          store: {
            type: 'string',
            description:
              "A notebook kernel's local store to read instead of the configured server"
          },
          experimentId: { type: 'string' }
        }
      }
    },
    icon: args => (args.isPalette ? undefined : mlflowTraceIcon),
    execute: async args => {
      let traceId = typeof args.traceId === 'string' ? args.traceId.trim() : '';
      if (!traceId) {
        const answer = await InputDialog.getText({
          title: trans.__('Open MLflow Trace'),
          label: trans.__('Trace id (tr-…) on the configured tracking server'),
          // An example trace id, not words to translate.
          // eslint-disable-next-line jupyter/no-untranslated-string
          placeholder: 'tr-0123456789abcdef0123456789abcdef'
        });
        traceId = (answer.button.accept && answer.value?.trim()) || '';
        if (!traceId) {
          return;
        }
      }
      const store =
        typeof args.store === 'string' && args.store ? args.store : undefined;
      const existing = tabs.find(
        w => w.content.traceId === traceId && w.content.store === store
      );
      if (existing) {
        shell.activateById(existing.id);
        return existing;
      }
      const experimentId =
        typeof args.experimentId === 'string' && args.experimentId
          ? args.experimentId
          : undefined;
      const { createTraceTab } = await loadSidebar();
      const tab = createTraceTab({
        traceId,
        experimentId,
        ...tabSource(store)
      });
      void tabs.add(tab);
      shell.add(tab, 'main');
      shell.activateById(tab.id);
      return tab;
    }
  });

  /** A conversation of the grouped list in its tab (one per session and store). */
  const sessions = new Map<string, MainAreaWidget<SessionTabContent>>();
  const openSession = async (session: ISession): Promise<void> => {
    const { createSessionTab, sessionTabId } = await loadSidebar();
    const store = options.browsingStore() ?? undefined;
    const open = sessions.get(sessionTabId(session.id, store));
    if (open) {
      open.content.session = session;
      shell.activateById(open.id);
      return;
    }
    const tab = createSessionTab({ session, ...tabSource(store) });
    sessions.set(tab.id, tab);
    tab.disposed.connect(() => sessions.delete(tab.id));
    shell.add(tab, 'main');
    shell.activateById(tab.id);
  };
  return { openSession };
}
