import { ReactWidget, SidePanel } from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';
import { Panel, Widget } from '@lumino/widgets';
import React from 'react';

import type { SidebarModel } from '../components/sidebar/model';
import { mlflowTraceIcon } from '../icons';
import type { ITraceSummary } from '../model/types';
import { IMlflowTracesSidebar, SIDEBAR_WIDGET_ID } from './tokens';

type SidebarViews = typeof import('../components/sidebar/Sidebar');

let views: Promise<SidebarViews> | null = null;

/**
 * The sidebar's React lists, fetched once, the first time a sidebar is shown:
 * JupyterLab's start-up pays for the shell and the model only. After a failed
 * fetch the next call tries again.
 */
function loadSidebarViews(): Promise<SidebarViews> {
  if (!views) {
    views = import('../components/sidebar/Sidebar');
    views.catch(() => (views = null));
  }
  return views;
}

export interface IMlflowSidebarOptions {
  model: SidebarModel;
  onOpenTrace: (trace: ITraceSummary) => void;
  onOpenSettings?: () => void;
  /** Resolves once the server knows the user's Tracking URI setting. */
  ready?: Promise<void>;
  /** Called once, when the sidebar first starts (shown, or asked to refresh). */
  onStart?: () => void;
}

/**
 * The left-area sidebar. Connects to the tracking server the first time it
 * is shown (or when asked to follow a notebook).
 */
export class MlflowSidebar extends SidePanel implements IMlflowTracesSidebar {
  constructor(options: IMlflowSidebarOptions) {
    // A plain panel: the default accordion would add a title row for our one widget.
    super({ content: new Panel() });
    this.model = options.model;
    this._options = options;
    this._ready = options.ready ?? Promise.resolve();
    this._onStart = options.onStart;
    this.id = SIDEBAR_WIDGET_ID;
    this.addClass('jp-MlflowSidebar');
    this.title.icon = mlflowTraceIcon;
    this.title.caption = 'MLflow traces';

    const heading = new Widget({ node: document.createElement('h2') });
    heading.node.textContent = 'MLflow Traces';
    heading.addClass('jp-MlflowSidebar-title');
    this.header.addWidget(heading);
  }

  readonly model: SidebarModel;

  /** Whether the sidebar has started: from then on it follows notebooks. */
  get isStarted(): boolean {
    return this._started;
  }

  followExperiment(experimentId: string | null): void {
    this._start();
    this.model.followExperiment(experimentId);
  }

  refreshAfterExecution(
    experimentId: string | null,
    traceIds: string[] = []
  ): void {
    this._start();
    this.model.refreshAfterExecution(experimentId, traceIds);
  }

  refresh(): Promise<void> {
    if (!this._started) {
      this._started = true;
      this._onStart?.();
    }
    return this.model.refresh();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.model.dispose();
    super.dispose();
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._start();
    void this._addViews();
  }

  /** The lists, added on first opening (their code arrives then). */
  private async _addViews(): Promise<void> {
    if (this._viewsAdded) {
      return;
    }
    this._viewsAdded = true;
    let content: Widget;
    try {
      const { SidebarContainer } = await loadSidebarViews();
      content = ReactWidget.create(
        <SidebarContainer
          model={this.model}
          onOpenTrace={this._options.onOpenTrace}
          onOpenSettings={this._options.onOpenSettings}
        />
      );
    } catch (error) {
      // The chunk failed to load (e.g. the server went away): say so, and
      // try again on the next opening.
      this._viewsAdded = false;
      content = new Widget();
      content.node.textContent = `MLflow sidebar failed to load: ${(error as Error).message}`;
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
      void this._ready.then(() => this.model.connect(true));
      this._onStart?.();
    }
  }

  private _started = false;
  private _viewsAdded = false;
  private readonly _options: IMlflowSidebarOptions;
  private _ready: Promise<void>;
  private _onStart: (() => void) | undefined;
}
