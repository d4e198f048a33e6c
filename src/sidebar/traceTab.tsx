import { MainAreaWidget } from '@jupyterlab/apputils';
import {
  ReactWidget,
  ToolbarButton,
  launchIcon,
  refreshIcon
} from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import React from 'react';

import type { IRawTrace } from '../api';
import type { RenderMarkdownFn } from '../components/hooks';
import type { TranslationBundle } from '../components/i18n';
import type {
  ITraceTabViewProps,
  TraceTabState
} from '../components/sidebar/TraceTabView';
import { mlflowTraceIcon } from '../icons';
import { loadTrans, Translated } from '../translation';
import { loadSidebar, loadViewer, type SidebarModule } from '../viewerLoader';

export interface ITraceTabOptions {
  traceId: string;
  experimentId?: string;
  /** A notebook kernel's local store the trace is in; absent: the server's store. */
  store?: string;
  fetchTrace: (traceId: string) => Promise<IRawTrace>;
  renderMarkdown?: RenderMarkdownFn;
  defaultExpandDepth?: number;
  /** The tab's words (its views get them by context); English without it. */
  trans?: TranslationBundle;
  /** Opens another trace (a span link's target) in its tab, from the same store. */
  openTrace?: (traceId: string) => void;
}

/**
 * The viewer of one trace, fetched through the server extension, filling its
 * tab. The tab's view (loading and error states) comes with the sidebar's
 * code, the viewer with the viewer's: a tab needs both, start-up neither.
 */
export class TraceTabContent extends ReactWidget {
  constructor(private readonly _options: ITraceTabOptions) {
    super();
    this.addClass('jp-MlflowTraceTab');
    this.trans = _options.trans ?? loadTrans(null);
    void this.load();
  }

  readonly trans: TranslationBundle;

  get traceId(): string {
    return this._options.traceId;
  }

  get experimentId(): string | undefined {
    return this._experimentId ?? this._options.experimentId;
  }

  get store(): string | undefined {
    return this._options.store;
  }

  /** "Open in MLflow UI" link, once the trace is loaded from an http(s) server. */
  get mlflowUrl(): string | null {
    return this._state.kind === 'done' ? this._mlflowUrl : null;
  }

  /** The loaded trace as MLflow writes one (`{info, data: {spans}}`), for the export; null until loaded. */
  get rawTrace(): unknown {
    return this._state.kind === 'done' ? (this._state.raw[0] ?? null) : null;
  }

  /** (Re)fetch the trace; retries while MLflow may still be exporting it. */
  async load(): Promise<void> {
    const generation = ++this._generation;
    this._state = { kind: 'loading' };
    this.update();
    try {
      const failed = (error: Error): never => {
        throw new Error(
          this.trans.__('MLflow trace viewer failed to load: %1', error.message)
        );
      };
      const viewerCode = loadViewer().catch(failed);
      viewerCode.catch(() => undefined); // awaited below, or the sidebar code failed first
      if (!this._View) {
        this._View = (await loadSidebar().catch(failed)).TraceTabView;
        this.update();
      }
      const viewer = await viewerCode;
      const result = await viewer.fetchReferencedTraces(
        [{ traceId: this.traceId, experimentId: this._options.experimentId }],
        this._options.fetchTrace
      );
      if (generation !== this._generation || this.isDisposed) {
        return;
      }
      this._state = { kind: 'done', ...result, Viewer: viewer.TraceViewer };
      const trace = result.traces[0];
      this._experimentId = trace?.experimentId ?? undefined;
      this._mlflowUrl = viewer.mlflowTraceUrl(
        result.trackingUri,
        this.experimentId ?? null,
        this.traceId
      );
      this.loaded(trace?.name || this.traceId);
    } catch (error) {
      if (generation !== this._generation || this.isDisposed) {
        return;
      }
      this._state = { kind: 'error', message: (error as Error).message };
    }
    this.update();
  }

  /** Set by the tab: called with the trace's name once loaded. */
  loaded: (name: string) => void = () => undefined;

  protected onResize(msg: Widget.ResizeMessage): void {
    const height = msg.height >= 0 ? msg.height : this.node.clientHeight;
    if (height > 0 && height !== this._height) {
      this._height = height;
      this.update();
    }
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    const height = this.node.clientHeight;
    if (height > 0 && height !== this._height) {
      this._height = height;
      this.update();
    }
  }

  protected render(): JSX.Element {
    const TraceTabView = this._View;
    if (!TraceTabView) {
      // Until the view's code arrives (or when it could not).
      return (
        <div className="jp-MlflowTraceTab-message" role="status">
          {this._state.kind === 'error' ? this._state.message : null}
        </div>
      );
    }
    return (
      <Translated trans={this.trans}>
        <TraceTabView
          traceId={this.traceId}
          state={this._state}
          height={this._height - 2}
          defaultExpandDepth={this._options.defaultExpandDepth}
          renderMarkdown={this._options.renderMarkdown}
          onRetry={() => void this.load()}
          // Assessments go to the configured server only, never a kernel's store.
          onLogAssessment={this._options.store ? undefined : logTabAssessment}
          onLoadAttachment={this._options.store ? undefined : loadTabAttachment}
          onOpenTrace={this._options.openTrace}
        />
      </Translated>
    );
  }

  private _state: TraceTabState = { kind: 'loading' };
  private _View: SidebarModule['TraceTabView'] | null = null;
  private _height = 600;
  private _generation = 0;
  private _experimentId: string | undefined;
  private _mlflowUrl: string | null = null;
}

/** Feedback from a trace tab; its code comes with the viewer's. */
const logTabAssessment: NonNullable<
  ITraceTabViewProps['onLogAssessment']
> = async (traceId, request) =>
  (await loadViewer()).logAssessment(traceId, request);

/** An attachment's bytes, for a trace tab of the configured server. */
const loadTabAttachment: NonNullable<
  ITraceTabViewProps['onLoadAttachment']
> = async ref => (await loadViewer()).loadAttachment(ref);

/** A main-area tab for one trace, with "Open in MLflow UI" and "Refresh". */
export function createTraceTab(
  options: ITraceTabOptions
): MainAreaWidget<TraceTabContent> {
  const content = new TraceTabContent(options);
  const trans = content.trans;
  const caption = (name: string) =>
    name === options.traceId
      ? trans.__('MLflow trace %1', options.traceId)
      : trans.__('MLflow trace %1 (%2)', options.traceId, name);
  const openTooltip = trans.__(
    'Open this trace in the MLflow UI (new browser tab)'
  );
  const widget = new MainAreaWidget({ content });
  widget.id = `jp-mlflow-trace-${encodeURIComponent(options.traceId)}`;
  widget.addClass('jp-MlflowTraceTab-panel');
  widget.title.icon = mlflowTraceIcon;
  widget.title.label = options.traceId;
  widget.title.caption = caption(options.traceId);
  widget.title.closable = true;

  const openInMlflow = new ToolbarButton({
    icon: launchIcon,
    label: trans.__('Open in MLflow UI'),
    tooltip: openTooltip,
    enabled: false,
    onClick: () => {
      const url = content.mlflowUrl;
      if (url) {
        window.open(url, '_blank', 'noopener,noreferrer');
      }
    }
  });
  const refresh = new ToolbarButton({
    icon: refreshIcon,
    tooltip: trans.__('Fetch the trace again'),
    onClick: () => void content.load()
  });
  widget.toolbar.addItem('refresh', refresh);
  widget.toolbar.addItem('open-in-mlflow', openInMlflow);
  content.loaded = name => {
    widget.title.label = name;
    widget.title.caption = caption(name);
    openInMlflow.enabled = content.mlflowUrl !== null;
    openInMlflow.node.title = content.mlflowUrl
      ? openTooltip
      : trans.__('The MLflow UI needs an http(s) tracking server');
  };
  return widget;
}
