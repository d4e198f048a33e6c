/**
 * Content of a main-area trace tab: the inline outputs' viewer, filling the
 * tab, with loading and error states. The viewer itself arrives with the
 * trace, through `loadViewer()`, so this file stays out of the viewer chunk.
 */
import React from 'react';

import type { RenderMarkdownFn } from '../hooks';
import { useTrans } from '../i18n';
import type { ITrace } from '../../model/types';
import type { ITraceViewerProps, TraceViewer } from '../TraceViewer';
import { PaneMessage } from './controls';

export type TraceTabState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | {
      kind: 'done';
      traces: ITrace[];
      raw: unknown[];
      trackingUri: string;
      /** The viewer component, loaded lazily with the trace. */
      Viewer: typeof TraceViewer;
    };

export interface ITraceTabViewProps {
  traceId: string;
  state: TraceTabState;
  /** Height available in the tab (px). */
  height: number;
  defaultExpandDepth?: number;
  renderMarkdown?: RenderMarkdownFn;
  onRetry: () => void;
  /** Absent for traces of a notebook kernel's store: they take no feedback. */
  onLogAssessment?: ITraceViewerProps['onLogAssessment'];
  /** Absent for traces of a notebook kernel's store too. */
  onLoadAttachment?: ITraceViewerProps['onLoadAttachment'];
  /** "Open trace" on a span link to another trace. */
  onOpenTrace?: ITraceViewerProps['onOpenTrace'];
}

export function TraceTabView(props: ITraceTabViewProps): JSX.Element {
  const { state } = props;
  const trans = useTrans();
  if (state.kind === 'loading') {
    return (
      <div className="jp-MlflowTraceTab-message">
        <PaneMessage
          kind="loading"
          title={trans.__('Loading trace %1…', props.traceId)}
          detail={trans.__(
            'Fetching it from the tracking server; a trace that was just produced may take a few seconds to be exported.'
          )}
        />
      </div>
    );
  }
  if (state.kind === 'error') {
    return (
      <div className="jp-MlflowTraceTab-message">
        <PaneMessage
          kind="error"
          title={trans.__('Trace %1 could not be shown', props.traceId)}
          detail={state.message}
          action={{ label: trans.__('Retry'), onClick: props.onRetry }}
        />
      </div>
    );
  }
  const { Viewer } = state;
  return (
    <Viewer
      traces={state.traces}
      trackingUri={state.trackingUri}
      renderMarkdown={props.renderMarkdown}
      rawJson={i => state.raw[i]}
      height={Math.max(200, props.height)}
      defaultExpandDepth={props.defaultExpandDepth}
      onLogAssessment={props.onLogAssessment}
      onLoadAttachment={props.onLoadAttachment}
      onOpenTrace={props.onOpenTrace}
    />
  );
}
