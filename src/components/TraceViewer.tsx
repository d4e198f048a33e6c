/**
 * Inline MLflow trace viewer: the heavy, lazily loaded chunk of the
 * renderer. Pure React: data comes in through props, actions go out
 * through callbacks; no JupyterLab imports.
 *
 * Trace content is hostile: everything is rendered as React text, the only
 * link is built by us from a validated http(s) tracking URI.
 */
import React from 'react';
import type { ITrace } from '../model/types';
import {
  CopyFn,
  IViewerServices,
  RenderMarkdownFn,
  ViewerContext,
  defaultCopy,
  useElementSize
} from './hooks';
import { useTrans } from './i18n';
import {
  LogAssessmentFn,
  useLoggedAssessments,
  useTraceWithLogged
} from './assessments/context';
import type { LoadAttachmentFn } from './attachments/AttachmentView';
import { keepActivationKeys } from './keys';
import { clampHeight, ResizeHandle } from './ResizeHandle';
import { ServerCopyContext, ServerCopyState } from './serverCopy';
import { TraceList } from './TraceList';
import { TraceView, TraceViewMode } from './TraceView';

export { MIN_HEIGHT, MAX_HEIGHT } from './ResizeHandle';
export { TIMELINE_MIN_TREE_WIDTH } from './TraceView';

export interface ITraceViewerProps {
  /** Several traces in one output: a compact list switches between them. */
  traces: ITrace[];
  /** http(s) → "Open in MLflow UI" link (other schemes: no link). */
  trackingUri?: string;
  /** Renders markdown safely into host (the glue uses JupyterLab's sanitized markdown renderer). Absent → show as plain text. */
  renderMarkdown?: RenderMarkdownFn;
  /** Default: navigator.clipboard.writeText (guarded). */
  onCopy?: CopyFn;
  /** Raw payload for the raw-JSON view and "copy trace JSON". */
  rawJson?: (traceIndex: number) => unknown;
  /**
   * Height in px (default 420); the resize handle changes it. With
   * `fitMaxHeight`, only the first guess until the content is measured.
   */
  height?: number;
  /**
   * Fit the content: the viewer takes the height its tree and details need,
   * up to this, until the user resizes it. It grows as more content is
   * opened and does not shrink back (no jumping while browsing spans).
   */
  fitMaxHeight?: number;
  /** Span tree levels expanded initially (default 2). */
  defaultExpandDepth?: number;
  onHeightChange?: (h: number) => void;
  /**
   * What the tracking server holds of each trace (by index), for embedded
   * traces: "not stored" hides the MLflow UI link; capped values say whether
   * their full value is on its way.
   */
  serverCopies?: readonly (ServerCopyState | undefined)[];
  /**
   * The view a trace opens in (default Details). The user's switch then
   * holds for every trace of this viewer.
   */
  initialView?: TraceViewMode;
  /**
   * Logs feedback and expectations to the configured tracking server. Given
   * only for traces that server has (or may have: embedded ones are checked,
   * see `serverCopies`); without it the viewer offers no Feedback.
   */
  onLogAssessment?: LogAssessmentFn;
  /**
   * Loads an attachment's bytes from the configured tracking server when the
   * user clicks Load; without it attachments say they cannot load here.
   */
  onLoadAttachment?: LoadAttachmentFn;
  /** Open a linked trace in a trace tab; without it, links to other traces show their id only. */
  onOpenTrace?: (traceId: string) => void;
}

export const DEFAULT_HEIGHT = 420;
/** Below this viewer width the detail pane goes below the tree. */
export const STACK_BELOW = 720;

export function TraceViewer(props: ITraceViewerProps): JSX.Element {
  const { traces, onHeightChange } = props;
  const trans = useTrans();
  const [traceIndex, setTraceIndex] = React.useState(0);
  const [view, setView] = React.useState<TraceViewMode>(
    props.initialView ?? 'details'
  );
  const [height, setHeight] = React.useState(
    clampHeight(props.height ?? DEFAULT_HEIGHT)
  );
  const [rootEl, setRootEl] = React.useState<HTMLDivElement | null>(null);
  const size = useElementSize(rootEl, { width: 900, height });

  React.useEffect(() => {
    if (props.height !== undefined) {
      setHeight(clampHeight(props.height));
    }
  }, [props.height]);

  const fitMax = props.fitMaxHeight;
  const [fitted, setFitted] = React.useState<number | null>(null);
  /** The user resized this viewer: their height wins over fitting. */
  const [resized, setResized] = React.useState(false);
  React.useEffect(() => setFitted(null), [fitMax]);
  const onNaturalHeight = React.useCallback(
    (natural: number) => {
      if (fitMax === undefined) {
        return;
      }
      const h = clampHeight(Math.min(fitMax, natural));
      setFitted(prev => (prev === null ? h : Math.max(prev, h)));
    },
    [fitMax]
  );
  const shownHeight =
    fitMax !== undefined && fitted !== null && !resized ? fitted : height;
  const onResize = React.useCallback((h: number) => {
    setResized(true);
    setHeight(h);
  }, []);

  const assessments = useLoggedAssessments(props.onLogAssessment);
  const services = React.useMemo<IViewerServices>(
    () => ({
      copy: props.onCopy ?? defaultCopy,
      renderMarkdown: props.renderMarkdown,
      logAssessment: assessments.log ?? undefined,
      loadAttachment: props.onLoadAttachment,
      openTrace: props.onOpenTrace
    }),
    [
      props.onCopy,
      props.renderMarkdown,
      assessments.log,
      props.onLoadAttachment,
      props.onOpenTrace
    ]
  );

  const index = Math.min(traceIndex, Math.max(0, traces.length - 1));
  const trace = useTraceWithLogged(traces[index], assessments.logged);
  const serverCopy = props.serverCopies?.[index];
  const wide = size.width >= STACK_BELOW;
  const rawJson = props.rawJson;
  const getRaw = React.useCallback(
    () => (rawJson ? rawJson(index) : trace),
    [rawJson, index, trace]
  );

  return (
    <ViewerContext.Provider value={services}>
      <ServerCopyContext.Provider value={serverCopy}>
        <div
          ref={setRootEl}
          className={`jp-MlflowTrace ${wide ? 'jp-mod-wide' : 'jp-mod-narrow'}`}
          // Each part stops only the keys it handles (see keys.ts); the rest
          // bubble on to the notebook's shortcuts.
          onKeyDown={keepActivationKeys}
          style={{ height: shownHeight }}
        >
          {traces.length > 1 && (
            <TraceList
              traces={traces}
              current={index}
              onSelect={setTraceIndex}
            />
          )}
          {trace ? (
            <TraceView
              // Fresh view state per trace (indices are per trace); a server
              // copy that replaced a capped trace is a new trace too.
              key={`${index}:${trace.traceId}:${trace.truncated ? 'capped' : 'full'}`}
              trace={trace}
              trackingUri={props.trackingUri}
              defaultExpandDepth={props.defaultExpandDepth ?? 2}
              wide={wide}
              width={size.width}
              height={shownHeight}
              getRaw={getRaw}
              serverCopy={serverCopy}
              view={view}
              onViewChange={setView}
              onNaturalHeight={
                fitMax !== undefined ? onNaturalHeight : undefined
              }
            />
          ) : (
            <div className="jp-MlflowTrace-empty">
              {trans.__('No traces to display.')}
            </div>
          )}
          <ResizeHandle
            height={shownHeight}
            onResize={onResize}
            onResizeEnd={h => onHeightChange?.(h)}
          />
        </div>
      </ServerCopyContext.Provider>
    </ViewerContext.Provider>
  );
}

export default TraceViewer;
