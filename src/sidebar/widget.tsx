import type { ITranslator } from '@jupyterlab/translation';
import { ReactWidget, SidePanel } from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';
import { Panel, Widget } from '@lumino/widgets';
import React from 'react';

import type { TranslationBundle } from '../components/i18n';
import { mlflowTraceIcon } from '../icons';
import type { ISession } from '../model/sessions';
import type { ITraceSummary } from '../model/types';
import { loadTrans, Translated } from '../translation';
import { loadSidebar, type SidebarModule } from '../viewerLoader';
import type { SidebarModel } from './model/sidebarModel';
import { IMlflowTracesSidebar, SIDEBAR_WIDGET_ID } from './tokens';

export interface IMlflowSidebarOptions {
  /** Makes the model once the sidebar's code has arrived (the plugin passes the REST client). */
  createModel: (code: SidebarModule) => SidebarModel;
  onOpenTrace: (trace: ITraceSummary) => void;
  /** A conversation of the grouped list (without it, the toggle opens nothing). */
  onOpenSession?: (session: ISession) => void;
  onOpenSettings?: () => void;
  /** Compare two marked traces (A: the earlier); without it, rows are not marked. */
  onCompare?: (a: ITraceSummary, b: ITraceSummary) => void;
  /** Resolves once the server knows the user's Tracking URI setting. */
  ready?: Promise<void>;
  /** Called once, when the sidebar first starts (shown, or asked to refresh). */
  onStart?: () => void;
  /** The application's translator (the sidebar's views get its bundle by context); English without it. */
  translator?: ITranslator | null;
}

/**
 * The left-area sidebar's shell: a title, and the lists once shown. Its
 * model, paged queries and lists are the sidebar chunk (`loadSidebar()`),
 * fetched the first time the sidebar is shown or asked to follow a notebook;
 * JupyterLab's start-up pays for this shell only. From then on it connects
 * to the tracking server and follows notebooks.
 */
export class MlflowSidebar extends SidePanel implements IMlflowTracesSidebar {
  constructor(options: IMlflowSidebarOptions) {
    // A plain panel: the default accordion would add a title row for our one widget.
    super({
      content: new Panel(),
      translator: options.translator ?? undefined
    });
    this._options = options;
    this._bundle = loadTrans(options.translator);
    this._ready = options.ready ?? Promise.resolve();
    this.id = SIDEBAR_WIDGET_ID;
    this.addClass('jp-MlflowSidebar');
    this.title.icon = mlflowTraceIcon;
    this.title.caption = this._bundle.__('MLflow traces');

    const heading = new Widget({ node: document.createElement('h2') });
    heading.node.textContent = this._bundle.__('MLflow Traces');
    heading.addClass('jp-MlflowSidebar-title');
    this.header.addWidget(heading);
  }

  /** The model, once its code has loaded; null before. */
  get model(): SidebarModel | null {
    return this._model;
  }

  /** Whether the sidebar has started: from then on it follows notebooks. */
  get isStarted(): boolean {
    return this._started;
  }

  /** The model, fetching the sidebar's code the first time (retried after a failure). */
  async loadModel(): Promise<SidebarModel> {
    const code = await loadSidebar();
    if (!this._model) {
      this._model = this._options.createModel(code);
      if (this.isDisposed) {
        this._model.dispose();
      }
    }
    return this._model;
  }

  followExperiment(experimentId: string | null): void {
    this._start();
    void this._withModel(model => model.followExperiment(experimentId));
  }

  refreshAfterExecution(
    experimentId: string | null,
    traceIds: string[] = []
  ): void {
    this._start();
    void this._withModel(model =>
      model.refreshAfterExecution(experimentId, traceIds)
    );
  }

  refresh(): Promise<void> {
    if (!this._started) {
      this._started = true;
      this._options.onStart?.();
    }
    return this._withModel(model => model.refresh());
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._model?.dispose();
    super.dispose();
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._start();
    void this._addViews();
  }

  /** Runs `action` on the model once loaded; a failed load is said where the sidebar shows. */
  private async _withModel(
    action: (model: SidebarModel) => void | Promise<void>
  ): Promise<void> {
    let model: SidebarModel;
    try {
      model = await this.loadModel();
    } catch (error) {
      console.warn(
        `MLflow sidebar failed to load: ${(error as Error).message}`
      );
      return;
    }
    if (!this.isDisposed) {
      await action(model);
    }
  }

  /** The lists, added on first opening (their code arrives then). */
  private async _addViews(): Promise<void> {
    if (this._viewsAdded) {
      return;
    }
    this._viewsAdded = true;
    let content: Widget;
    try {
      const model = await this.loadModel();
      const { SidebarContainer } = await loadSidebar();
      content = ReactWidget.create(
        <Translated trans={this._bundle}>
          <SidebarContainer
            model={model}
            onOpenTrace={this._options.onOpenTrace}
            onOpenSession={session => this._options.onOpenSession?.(session)}
            onOpenSettings={this._options.onOpenSettings}
            onCompare={this._options.onCompare}
          />
        </Translated>
      );
    } catch (error) {
      // The chunk failed to load (e.g. the server went away): say so, and
      // try again on the next opening.
      this._viewsAdded = false;
      content = new Widget();
      content.node.textContent = this._bundle.__(
        'MLflow sidebar failed to load: %1',
        (error as Error).message
      );
    }
    if (this.isDisposed) {
      return;
    }
    for (const old of [...this.widgets]) {
      old.dispose();
    }
    content.addClass('jp-MlflowSidebar-content');
    this.addWidget(content);
  }

  private _start(): void {
    if (!this._started) {
      this._started = true;
      void this._ready.then(() =>
        this._withModel(model => model.connect(true))
      );
      this._options.onStart?.();
    }
  }

  private _model: SidebarModel | null = null;
  private _started = false;
  private _viewsAdded = false;
  private readonly _options: IMlflowSidebarOptions;
  private readonly _bundle: TranslationBundle;
  private _ready: Promise<void>;
}
