import { MainAreaWidget } from '@jupyterlab/apputils';
import { ReactWidget } from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import React from 'react';

import type { TranslationBundle } from '../components/i18n';
import type { ISession } from '../model/sessions';
import type { ITraceSummary } from '../model/types';
import { mlflowTraceIcon } from '../icons';
import { loadTrans, Translated } from '../translation';
import { loadSidebar, type SidebarModule } from '../viewerLoader';
import { TraceTabContent, type ITraceTabOptions } from './traceTab';

/** What a session tab needs: the session as listed, and how its turns' traces are fetched. */
export interface ISessionTabOptions extends Omit<
  ITraceTabOptions,
  'traceId' | 'experimentId'
> {
  session: ISession;
}

/**
 * One conversation, from the sidebar's loaded rows: its turns, each
 * expandable to the trace tab's content for that trace (fetched through the
 * server extension when first expanded, kept while the tab is open: the
 * view hides a collapsed trace rather than unmounting it).
 */
export class SessionTabContent extends ReactWidget {
  constructor(private readonly _options: ISessionTabOptions) {
    super();
    this.addClass('jp-MlflowSessionTab');
    this.trans = _options.trans ?? loadTrans(null);
    this._session = _options.session;
    void loadSidebar().then(
      code => {
        this._View = code.SessionView;
        this.update();
      },
      (error: Error) => {
        this._loadError = this.trans.__(
          'MLflow session view failed to load: %1',
          error.message
        );
        this.update();
      }
    );
  }

  readonly trans: TranslationBundle;

  get session(): ISession {
    return this._session;
  }

  /** The session as the sidebar lists it now (more turns may have loaded). */
  set session(session: ISession) {
    this._session = session;
    this.update();
  }

  get store(): string | undefined {
    return this._options.store;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    for (const content of this._traces.values()) {
      content.dispose();
    }
    this._traces.clear();
    super.dispose();
  }

  /**
   * The hosted traces leave first: each is a React root of its own, which
   * must not be unmounted while this tab's tree is (that would be inside
   * React's commit). They are attached again on the next render.
   */
  protected onBeforeDetach(msg: Message): void {
    for (const content of this._traces.values()) {
      if (content.isAttached) {
        Widget.detach(content);
      }
    }
    super.onBeforeDetach(msg);
  }

  protected render(): JSX.Element {
    const View = this._View;
    if (!View) {
      return (
        <div className="jp-MlflowTraceTab-message" role="status">
          {this._loadError}
        </div>
      );
    }
    return (
      <Translated trans={this.trans}>
        <View
          session={this._session}
          renderTrace={turn => <HostedWidget widget={this._traceOf(turn)} />}
        />
      </Translated>
    );
  }

  /** The trace tab's content for a turn, made once. */
  private _traceOf(turn: ITraceSummary): TraceTabContent {
    let content = this._traces.get(turn.traceId);
    if (!content) {
      const {
        store,
        fetchTrace,
        renderMarkdown,
        defaultExpandDepth,
        openTrace
      } = this._options;
      content = new TraceTabContent({
        traceId: turn.traceId,
        experimentId: turn.experimentId ?? undefined,
        store,
        fetchTrace,
        renderMarkdown,
        defaultExpandDepth,
        trans: this.trans,
        openTrace
      });
      this._traces.set(turn.traceId, content);
    }
    return content;
  }

  private _session: ISession;
  private _View: SidebarModule['SessionView'] | null = null;
  private _loadError = '';
  private readonly _traces = new Map<string, TraceTabContent>();
}

/**
 * A Lumino widget attached where React puts this element, detached when it
 * goes. Attached again after the tab was (see `SessionTabContent.onBeforeDetach`).
 */
function HostedWidget(props: { widget: Widget }): JSX.Element {
  const host = React.useRef<HTMLDivElement>(null);
  const { widget } = props;
  React.useLayoutEffect(() => {
    if (host.current?.isConnected && !widget.isAttached && !widget.isDisposed) {
      Widget.attach(widget, host.current);
    }
  });
  // A layout effect: its clean-up runs while the host is still in the page.
  React.useLayoutEffect(
    () => () => {
      if (widget.isAttached && widget.node.isConnected) {
        Widget.detach(widget);
      }
    },
    [widget]
  );
  return <div className="jp-MlflowSession-traceHost" ref={host} />;
}

/** The id of a session's tab (one tab per session and store). */
export function sessionTabId(sessionId: string, store?: string): string {
  return `jp-mlflow-session-${encodeURIComponent(store ?? '')}-${encodeURIComponent(sessionId)}`;
}

/** A main-area tab for one conversation. */
export function createSessionTab(
  options: ISessionTabOptions
): MainAreaWidget<SessionTabContent> {
  const content = new SessionTabContent(options);
  const { trans } = content;
  const widget = new MainAreaWidget({ content });
  widget.id = sessionTabId(options.session.id, options.store);
  widget.addClass('jp-MlflowSessionTab-panel');
  widget.title.icon = mlflowTraceIcon;
  widget.title.label = options.session.id;
  widget.title.caption = trans.__('MLflow session %1', options.session.id);
  widget.title.closable = true;
  return widget;
}
