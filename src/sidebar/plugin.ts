import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';
import { INotebookTraceContext } from '../notebookDisplay/tokens';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';
import { refreshIcon } from '@jupyterlab/ui-components';
import { PromiseDelegate } from '@lumino/coreutils';

// The REST client is start-up code already (the trace services use it).
// eslint-disable-next-line jupyter/prefer-lazy-imports
import {
  fetchExperiment,
  fetchStatus,
  searchExperiments,
  searchTraces
} from '../api';
import { mlflowTraceIcon } from '../icons';
import { ITraceServices } from '../tokens';
import { loadTrans } from '../translation';
import { isFollowing, isShownStore, notebookStoreOffer } from './follow';
import {
  FRONTEND_VERSION,
  missingServerExtension,
  versionMismatch
} from './version';
import { CommandIDs, IMlflowTracesSidebar, SIDEBAR_PLUGIN_ID } from './tokens';
// The sidebar's shell is added to the shell at activation (its lists are lazy).
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { MlflowSidebar } from './widget';
import { loadSidebar } from '../viewerLoader';
import {
  DEFAULT_SIDEBAR_SETTINGS,
  type ISidebarSettings,
  readSidebarSettings
} from './settings';
// Activation registers the tab command at once (the tabs' code is lazy).
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { addSidebarTabs } from './tabs';

/** The comparison plugin's command (src/compare/plugin.ts), for two marked rows. */
const COMPARE_COMMAND = 'mlflow-traces:compare';

/**
 * The MLflow sidebar: experiments and traces of the configured tracking
 * server, traces opened in main-area tabs, following the active notebook.
 */
export const sidebarPlugin: JupyterFrontEndPlugin<IMlflowTracesSidebar> = {
  id: SIDEBAR_PLUGIN_ID,
  description:
    'Browse the experiments and traces of the MLflow tracking server.',
  autoStart: true,
  provides: IMlflowTracesSidebar,
  requires: [ITraceServices],
  optional: [
    ILayoutRestorer,
    ICommandPalette,
    INotebookTracker,
    ISettingRegistry,
    IRenderMimeRegistry,
    INotebookTraceContext,
    ITranslator
  ],
  activate: (
    app: JupyterFrontEnd,
    services: ITraceServices,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    notebooks: INotebookTracker | null,
    settingRegistry: ISettingRegistry | null,
    rendermime: IRenderMimeRegistry | null,
    traceContext: INotebookTraceContext | null,
    translator: ITranslator | null
  ): IMlflowTracesSidebar => {
    const trans = loadTrans(translator);
    const { commands, shell } = app;
    let settings: ISidebarSettings = { ...DEFAULT_SIDEBAR_SETTINGS };
    const ready = new PromiseDelegate<void>();
    /** Experiment of each notebook's last traces and the store they went to, by panel id. */
    const lastExperiment = new Map<
      string,
      { experimentId: string; trackingUri: string | null }
    >();

    const warnNotLoaded = (error: Error) =>
      console.warn(`MLflow traces sidebar: ${error.message}`);
    // The model arrives with the sidebar's code (first shown, or following).
    const sidebar = new MlflowSidebar({
      translator,
      createModel: ({ SidebarModel }) =>
        new SidebarModel({
          api: {
            // A kernel's store: asked each time (the services cache the server's).
            status: (force, store) =>
              store ? fetchStatus(store) : services.status(force),
            searchExperiments: (query, signal) =>
              searchExperiments(query, { signal }),
            fetchExperiment: (id, store) => fetchExperiment(id, {}, store),
            searchTraces: (id, query, signal) =>
              searchTraces(id, query, { signal })
          },
          frontendVersion: FRONTEND_VERSION,
          trans,
          pageSize: settings.pageSize,
          groupBySession: settings.groupBySession
        }),
      onOpenTrace: trace =>
        void commands.execute(CommandIDs.openTrace, {
          traceId: trace.traceId,
          experimentId: trace.experimentId ?? '',
          store: browsingStore() ?? ''
        }),
      onOpenSession: session => {
        openSession(session).catch((error: Error) =>
          Notification.error(
            trans.__(
              'MLflow traces: the session failed to open: %1',
              error.message
            )
          )
        );
      },
      // The comparison plugin's command: the earlier trace is A (marks.ts).
      onCompare: (a, b) =>
        void commands.execute(COMPARE_COMMAND, {
          traceIdA: a.traceId,
          traceIdB: b.traceId
        }),
      onOpenSettings: commands.hasCommand('settingeditor:open')
        ? () =>
            void commands.execute('settingeditor:open', {
              query: 'MLflow traces'
            })
        : undefined,
      ready: ready.promise,
      // Opened for the first time: follow the active notebook from here on,
      // also in another store when the user browses one.
      onStart: () => {
        void sidebar.loadModel().then(model => {
          let browsing = model.getSnapshot().browsing;
          model.subscribe(() => {
            if (model.getSnapshot().browsing !== browsing) {
              browsing = model.getSnapshot().browsing;
              void followActive();
            }
          });
          return followActive();
        }, warnNotLoaded);
      }
    });
    /** The kernel store the sidebar browses; null: the server's (or not loaded yet). */
    const browsingStore = (): string | null =>
      sidebar.model?.getSnapshot().browsing ?? null;
    shell.add(sidebar, 'left', { rank: 600 });
    restorer?.add(sidebar, sidebar.id);

    const { openSession } = addSidebarTabs({
      app,
      services,
      restorer,
      rendermime,
      trans,
      browsingStore
    });

    commands.addCommand(CommandIDs.openSidebar, {
      label: trans.__('Open MLflow Traces Sidebar'),
      caption: trans.__(
        'Show the experiments and traces of the MLflow tracking server'
      ),
      describedBy: { args: { type: 'object', properties: {} } },
      icon: args => (args.isPalette ? undefined : mlflowTraceIcon),
      execute: () => {
        shell.activateById(sidebar.id);
      }
    });

    commands.addCommand(CommandIDs.refresh, {
      label: trans.__('Refresh MLflow Experiments and Traces'),
      caption: trans.__(
        'Check the tracking server again and reload the sidebar'
      ),
      describedBy: { args: { type: 'object', properties: {} } },
      icon: args => (args.isPalette ? undefined : refreshIcon),
      execute: () => sidebar.refresh()
    });

    if (palette) {
      const category = trans.__('MLflow Traces');
      for (const command of [
        CommandIDs.openSidebar,
        CommandIDs.refresh,
        CommandIDs.openTrace
      ]) {
        palette.addItem({ command, category });
      }
    }

    // ---------------------------------------------------------- following notebooks
    /** The server's own store (its status), or null when it does not answer. */
    const serverUri = async (): Promise<string | null> =>
      (await services.status().catch(() => null))?.tracking_uri ?? null;

    /**
     * Offer the active notebook's store when it is not the server's, and
     * follow its experiment when its traces are in the store shown.
     */
    const followActive = async (): Promise<void> => {
      const panel = notebooks?.currentWidget ?? null;
      const server = await serverUri();
      if (server === null) {
        return;
      }
      const model = sidebar.model;
      if (!model) {
        return;
      }
      const report = panel ? traceContext?.get(panel) : null;
      model.setNotebookStore(
        notebookStoreOffer(report?.trackingUri ?? null, server)
      );
      if (!isFollowing(settings.followNotebook, sidebar)) {
        return;
      }
      const last = panel ? lastExperiment.get(panel.id) : undefined;
      const shown =
        last &&
        isShownStore(last.trackingUri, server, model.getSnapshot().browsing);
      if (shown) {
        sidebar.followExperiment(last.experimentId);
      } else if (model.getSnapshot().followedExperimentId !== null) {
        sidebar.followExperiment(null);
      }
    };

    if (notebooks) {
      NotebookActions.executed.connect((_, { notebook, cell }) => {
        // Outputs are read only while the sidebar follows notebooks.
        if (
          cell.model.type !== 'code' ||
          !isFollowing(settings.followNotebook, sidebar)
        ) {
          return;
        }
        const outputs = (cell.model as any).outputs;
        if (
          !outputs ||
          typeof outputs.length !== 'number' ||
          outputs.length === 0
        ) {
          return;
        }
        const bundles: Record<string, unknown>[] = [];
        for (let i = 0; i < outputs.length; i++) {
          const data = outputs.get(i)?.data;
          if (data && typeof data === 'object') {
            bundles.push(data as Record<string, unknown>);
          }
        }
        const panel = notebooks.find(p => p.content === notebook);
        void (async () => {
          // Reading ids comes with the sidebar's code, loaded once it started.
          const { tracesInOutputs } = await loadSidebar();
          const found = tracesInOutputs(bundles);
          if (!found) {
            return;
          }
          if (panel && found.experimentId) {
            lastExperiment.set(panel.id, {
              experimentId: found.experimentId,
              trackingUri: found.trackingUri
            });
          }
          // Traces that went to another store say nothing about the one shown.
          const server = await serverUri();
          if (
            server !== null &&
            !isShownStore(found.trackingUri, server, browsingStore())
          ) {
            return;
          }
          if (
            !settings.followNotebook ||
            (panel && panel !== notebooks.currentWidget)
          ) {
            return;
          }
          sidebar.refreshAfterExecution(found.experimentId, found.traceIds);
        })().catch(warnNotLoaded);
      });
      notebooks.currentChanged.connect(() => {
        if (sidebar.isStarted) {
          void followActive();
        }
      });
      notebooks.widgetAdded.connect((_, panel) => {
        panel.disposed.connect(() => lastExperiment.delete(panel.id));
      });
      // The kernel's own report names its store, and the experiment also when
      // the notebook shows no trace output (e.g. with its trace display off).
      traceContext?.changed.connect((_, report) => {
        const { panel, experimentId, trackingUri } = report;
        if (experimentId) {
          lastExperiment.set(panel.id, { experimentId, trackingUri });
        }
        if (panel === notebooks.currentWidget && sidebar.isStarted) {
          void followActive();
        }
      });
    }

    // ---------------------------------------------------------- settings, version check
    const checkVersion = async () => {
      try {
        const status = await services.status();
        const mismatch = versionMismatch(FRONTEND_VERSION, status, trans);
        if (mismatch) {
          Notification.warning(mismatch, { autoClose: false });
        }
      } catch (error) {
        if ((error as { kind?: string }).kind === 'missing-server-extension') {
          Notification.error(missingServerExtension(trans), {
            autoClose: false
          });
        }
      }
    };

    const applySidebarSettings = (loaded: ISettingRegistry.ISettings) => {
      const before = settings;
      settings = readSidebarSettings(
        loaded.composite as Record<string, unknown>
      );
      if (sidebar.model) {
        sidebar.model.pageSize = settings.pageSize;
        // The toggle's own state stands until the setting itself changes.
        if (settings.groupBySession !== before.groupBySession) {
          sidebar.model.setGroupBySession(settings.groupBySession);
        }
      }
    };

    const start = async () => {
      if (settingRegistry) {
        try {
          const own = await settingRegistry.load(SIDEBAR_PLUGIN_ID);
          applySidebarSettings(own);
          own.changed.connect(applySidebarSettings);
        } catch (error) {
          console.warn(
            `MLflow traces sidebar: settings not loaded: ${(error as Error).message}`
          );
        }
      }
      // The renderers plugin owns the Tracking URI setting and tells the
      // server; waiting for its first answer means the first status is of the
      // right server. Each later change reloads the sidebar.
      await services.connectionReady;
      services.connectionChanged.connect(() => {
        if (!sidebar.isDisposed) {
          void sidebar.refresh();
        }
      });
      ready.resolve();
      await checkVersion();
    };
    void app.restored.then(start).catch(error => {
      ready.resolve();
      console.warn(`MLflow traces sidebar: ${(error as Error).message}`);
    });

    return sidebar;
  }
};
