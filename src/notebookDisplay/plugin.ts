import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, IToolbarWidgetRegistry } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';
import { PromiseDelegate } from '@lumino/coreutils';
import { ISignal, Signal } from '@lumino/signaling';

import { loadTrans } from '../translation';
// The toolbar factory must return its widget at once when a notebook opens,
// so the switch's button and controller load with the plugin (small; no viewer).
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { DisplaySwitchButton } from './button';
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { DisplaySwitchController, IControllerHost } from './controller';
import {
  DEFAULT_SWITCH_SETTINGS,
  IDisplaySwitchSettings,
  readSwitchSettings
} from './settings';
import {
  INotebookTraceContext,
  INotebookTraceContextArgs,
  NOTEBOOK_DISPLAY_PLUGIN_ID,
  TOGGLE_COMMAND,
  TOOLBAR_ITEM
} from './tokens';

/** One controller per notebook panel; the context service the sidebar follows. */
class NotebookDisplaySwitches
  implements INotebookTraceContext, IControllerHost
{
  constructor(private readonly _app: JupyterFrontEnd) {
    const recount = () => {
      for (const controller of this._controllers.values()) {
        if (controller.kernelId) {
          controller.notifyChanged(); // the shared-kernel count may differ
        }
      }
    };
    _app.serviceManager.sessions.runningChanged.connect(recount);
    _app.serviceManager.kernels.runningChanged.connect(recount);
  }

  settingsValue: IDisplaySwitchSettings = { ...DEFAULT_SWITCH_SETTINGS };

  /** Resolved once the settings are loaded (or failed to load). */
  get ready(): Promise<void> {
    return this._ready.promise;
  }

  markReady(): void {
    this._ready.resolve();
  }

  get changed(): ISignal<this, INotebookTraceContextArgs> {
    return this._changed;
  }

  /** Emitted when the current notebook's switch may show something else (for the command). */
  get switchChanged(): ISignal<this, void> {
    return this._switchChanged;
  }

  get(panel: NotebookPanel): INotebookTraceContextArgs | null {
    const controller = this._controllers.get(panel);
    return controller?.kernelState ? controller.report() : null;
  }

  controllerFor(panel: NotebookPanel): DisplaySwitchController {
    let controller = this._controllers.get(panel);
    if (!controller) {
      controller = new DisplaySwitchController(panel, this);
      this._controllers.set(panel, controller);
      controller.changed.connect(() => this._switchChanged.emit(undefined));
      panel.disposed.connect(() => this._controllers.delete(panel));
    }
    return controller;
  }

  setSettings(settings: IDisplaySwitchSettings): void {
    const before = this.settingsValue;
    this.settingsValue = settings;
    if (JSON.stringify(before) === JSON.stringify(settings)) {
      return;
    }
    for (const controller of this._controllers.values()) {
      controller.settingsChanged();
    }
  }

  // IControllerHost

  settings(): IDisplaySwitchSettings {
    return this.settingsValue;
  }

  /**
   * Clients of a kernel: sessions on it (notebooks, consoles with their own
   * session) or its websocket connections (a console opened for a notebook
   * shares the notebook's session; other windows), whichever is larger.
   */
  clientsOfKernel(kernelId: string): number {
    let sessions = 0;
    for (const model of this._app.serviceManager.sessions.running()) {
      if (model.kernel?.id === kernelId) {
        sessions++;
      }
    }
    let connections = 0;
    for (const model of this._app.serviceManager.kernels.running()) {
      if (model.id === kernelId) {
        connections = model.connections ?? 0;
      }
    }
    return Math.max(sessions, connections);
  }

  stateRead(source: DisplaySwitchController): void {
    // The connection count comes from the kernels list: refresh it now and then.
    const now = Date.now();
    if (now - this._lastKernelsRefresh > 3000) {
      this._lastKernelsRefresh = now;
      void this._app.serviceManager.kernels
        .refreshRunning()
        .catch(() => undefined);
    }
    this._changed.emit(source.report());
    const kernelId = source.kernelId;
    if (!kernelId) {
      return;
    }
    // MLflow's flag belongs to the kernel: every panel on it shows the same state.
    for (const controller of this._controllers.values()) {
      if (controller !== source && controller.kernelId === kernelId) {
        controller.adoptPeerState(source.kernelState);
        this._changed.emit(controller.report());
      }
    }
  }

  private _ready = new PromiseDelegate<void>();
  private _lastKernelsRefresh = 0;
  private _controllers = new Map<NotebookPanel, DisplaySwitchController>();
  private _changed = new Signal<this, INotebookTraceContextArgs>(this);
  private _switchChanged = new Signal<this, void>(this);
}

/**
 * The per-notebook trace display switch: toolbar button, palette command,
 * kernel hook, notebook metadata; provides the notebook MLflow context.
 */
export const notebookDisplayPlugin: JupyterFrontEndPlugin<INotebookTraceContext> =
  {
    id: NOTEBOOK_DISPLAY_PLUGIN_ID,
    description:
      'Per-notebook MLflow trace display switch (mlflow.tracing.disable_notebook_display()) and the kernel hook that embeds traces in outputs.',
    autoStart: true,
    requires: [INotebookTracker],
    optional: [
      ISettingRegistry,
      ICommandPalette,
      IToolbarWidgetRegistry,
      ITranslator
    ],
    provides: INotebookTraceContext,
    activate: (
      app: JupyterFrontEnd,
      tracker: INotebookTracker,
      settingRegistry: ISettingRegistry | null,
      palette: ICommandPalette | null,
      toolbarRegistry: IToolbarWidgetRegistry | null,
      translator: ITranslator | null
    ): INotebookTraceContext => {
      const trans = loadTrans(translator);
      const switches = new NotebookDisplaySwitches(app);

      toolbarRegistry?.addFactory<NotebookPanel>(
        'Notebook',
        TOOLBAR_ITEM,
        panel => new DisplaySwitchButton(switches.controllerFor(panel), trans)
      );
      tracker.widgetAdded.connect((_, panel) => {
        switches.controllerFor(panel);
      });
      tracker.forEach(panel => switches.controllerFor(panel));

      const current = (): DisplaySwitchController | null => {
        const panel = tracker.currentWidget;
        return panel ? switches.controllerFor(panel) : null;
      };
      app.commands.addCommand(TOGGLE_COMMAND, {
        label: trans.__('Display MLflow Traces in This Notebook'),
        caption: trans.__(
          "Turn the notebook's MLflow trace display on or off (mlflow.tracing.enable_notebook_display() / disable_notebook_display()); saved in the notebook."
        ),
        describedBy: { args: { type: 'object', properties: {} } },
        isEnabled: () => tracker.currentWidget !== null,
        isToggled: () => current()?.isOn() ?? false,
        execute: () => current()?.toggle()
      });
      switches.switchChanged.connect(() =>
        app.commands.notifyCommandChanged(TOGGLE_COMMAND)
      );
      tracker.currentChanged.connect(() =>
        app.commands.notifyCommandChanged(TOGGLE_COMMAND)
      );
      palette?.addItem({
        command: TOGGLE_COMMAND,
        category: trans.__('MLflow Traces')
      });

      if (settingRegistry) {
        settingRegistry
          .load(NOTEBOOK_DISPLAY_PLUGIN_ID)
          .then(settings => {
            const apply = () =>
              switches.setSettings(readSwitchSettings(settings.composite));
            apply();
            settings.changed.connect(apply);
          })
          .catch(error =>
            console.warn(
              `MLflow traces: display switch settings not loaded: ${error.message}`
            )
          )
          .then(() => switches.markReady());
      } else {
        switches.markReady();
      }
      return switches;
    }
  };
