/**
 * One trace in the viewer: header, then the Summary or the Details (toolbar,
 * span tree and detail pane), or raw JSON. Wide: "Summary" / "Details" tabs,
 * tree and details side by side. Narrow: one pane at a time behind
 * "Summary" / "Spans" / "Details" tabs, each with the whole height.
 */
import React from 'react';
import type { ITrace } from '../model/types';
import { FilterPanel } from './FilterPanel';
import { useTrans } from './i18n';
import { RawJsonView } from './RawJsonView';
import { RevealedText } from './RevealedText';
import type { ServerCopyState } from './serverCopy';
import { SpanDetail } from './SpanDetail';
import { SpanToolbar } from './SpanToolbar';
import { SummaryView } from './SummaryView';
import { summarizeTrace } from '../model/summary';
import { tracePrompts } from '../model/prompts';
import { AXIS_HEIGHT, ROW_HEIGHT, SpanTree } from './SpanTree';
import { TraceHeader } from './TraceHeader';
import { capText } from './state/format';
import { fullJson } from './state/json';
import { useTraceViewState } from './useTraceViewState';
import { Minimap, MINIMAP_HEIGHT } from './timeline/Minimap';

/** Below this tree width the gantt column is hidden. */
export const TIMELINE_MIN_TREE_WIDTH = 360;

let idCounter = 0;
/** Per-instance prefix for element ids (aria-activedescendant, tabs). */
function useIdPrefix(): string {
  const ref = React.useRef<string>();
  if (!ref.current) {
    ref.current = `jp-MlflowTrace-${++idCounter}`;
  }
  return ref.current;
}

export interface ITraceViewProps {
  trace: ITrace;
  trackingUri?: string;
  defaultExpandDepth: number;
  wide: boolean;
  width: number;
  height: number;
  getRaw: () => unknown;
  /** What the tracking server holds of this trace, when that was asked. */
  serverCopy?: ServerCopyState;
  /** The viewer height that shows all of the tree and the details (measured after each change). */
  onNaturalHeight?: (h: number) => void;
  /** Summary or Details; kept by the viewer so it outlives this trace. */
  view?: TraceViewMode;
  onViewChange?: (view: TraceViewMode) => void;
}

export type TraceViewMode = 'summary' | 'details';

/** Room for the tree pane's borders and a horizontal scrollbar. */
const TREE_SLACK = 16;

type NarrowPane = 'spans' | 'details';
type ViewTab = 'summary' | NarrowPane;

export function TraceView(props: ITraceViewProps): JSX.Element {
  const { trace, wide } = props;
  const trans = useTrans();
  const idPrefix = useIdPrefix();
  const state = useTraceViewState(trace, props.defaultExpandDepth);
  const [pane, setPane] = React.useState<NarrowPane>('spans');
  const [ownView, setOwnView] = React.useState<TraceViewMode>('details');
  const view = props.view ?? ownView;
  const setView = props.onViewChange ?? setOwnView;
  const summary = React.useMemo(
    () => (view === 'summary' ? summarizeTrace(trace) : null),
    [trace, view]
  );
  const openSpan = (i: number) => {
    state.reveal(i);
    setPane('details');
    setView('details');
  };
  const onTab = (t: ViewTab) => {
    setView(t === 'summary' ? 'summary' : 'details');
    if (t !== 'summary') {
      setPane(t);
    }
  };
  const { selected } = state;
  const selectedSpan = selected !== null ? trace.spans[selected] : undefined;

  // Available height for the tree when nothing can be measured yet (jsdom).
  const fallbackTreeHeight = Math.max(120, props.height - 140);
  const treeWidth = wide ? props.width * 0.55 : props.width;
  const showTimeline = treeWidth >= TIMELINE_MIN_TREE_WIDTH;

  const getFullJson = () => fullJson(props.getRaw());
  const showTree = !summary && (wide || pane === 'spans');
  const showDetail = !summary && (wide || pane === 'details');
  // Long traces get the overview above the tree, with the timeline column.
  const showMinimap = showTree && showTimeline && state.hasMinimap;

  // Height follows the content: everything but the panes, plus the taller of
  // the tree's rows and the detail's content. Nothing laid out (jsdom, a
  // hidden output): nothing reported.
  const mainRef = React.useRef<HTMLDivElement>(null);
  const detailRef = React.useRef<HTMLDivElement>(null);
  const { onNaturalHeight } = props;
  const rowCount = state.rows.length;
  const measure = React.useCallback(() => {
    const main = mainRef.current;
    const root = main?.closest<HTMLElement>('.jp-MlflowTrace');
    if (!onNaturalHeight || !main || !root || main.offsetHeight === 0) {
      return;
    }
    const tree = showTree
      ? AXIS_HEIGHT +
        Math.max(1, rowCount) * ROW_HEIGHT +
        TREE_SLACK +
        (showMinimap ? MINIMAP_HEIGHT : 0)
      : 0;
    const detail =
      showDetail || summary
        ? ((detailRef.current?.firstElementChild as HTMLElement | null)
            ?.offsetHeight ?? 0)
        : 0;
    onNaturalHeight(
      root.offsetHeight - main.offsetHeight + Math.max(tree, detail)
    );
  }, [onNaturalHeight, showTree, showDetail, summary, rowCount, showMinimap]);
  React.useLayoutEffect(measure);
  React.useEffect(() => {
    const content = detailRef.current;
    if (!content || typeof ResizeObserver === 'undefined') {
      return;
    }
    // JSON nodes opening, markdown arriving: the detail grows on its own.
    const observer = new ResizeObserver(() => measure());
    observer.observe(content);
    if (content.firstElementChild) {
      observer.observe(content.firstElementChild);
    }
    return () => observer.disconnect();
  }, [measure, selected, state.raw, summary]);

  return (
    <div className="jp-MlflowTrace-view">
      <TraceHeader
        trace={trace}
        trackingUri={props.trackingUri}
        raw={state.raw}
        onToggleRaw={state.toggleRaw}
        serverCopy={props.serverCopy}
      />
      {state.raw ? (
        <div className="jp-MlflowTrace-main">
          <RawJsonView value={props.getRaw()} getFullJson={getFullJson} />
        </div>
      ) : trace.spans.length === 0 ? (
        <div className="jp-MlflowTrace-main">
          <div className="jp-MlflowTrace-empty">
            {trans.__('This trace has no spans.')}
          </div>
        </div>
      ) : (
        <>
          <PaneTabs
            tab={summary ? 'summary' : wide ? 'details' : pane}
            wide={wide}
            onChange={onTab}
            spanName={selectedSpan?.name}
            idPrefix={idPrefix}
          />
          {showTree && (
            <SpanToolbar state={state} filtersId={`${idPrefix}-filters`} />
          )}
          {showTree && state.showFilters && (
            <FilterPanel
              id={`${idPrefix}-filters`}
              trace={trace}
              types={state.types}
              filter={state.filter}
              errorCount={trace.errorSpanCount}
              onChange={state.applyFilter}
            />
          )}
          <div className="jp-MlflowTrace-main" ref={mainRef}>
            {summary && (
              <div
                className="jp-MlflowTrace-summaryPane"
                id={`${idPrefix}-pane-summary`}
                ref={detailRef}
              >
                <SummaryView
                  summary={summary}
                  prompts={tracePrompts(trace)}
                  onOpenSpan={openSpan}
                />
              </div>
            )}
            {showTree && (
              <div
                className="jp-MlflowTrace-treePane"
                id={`${idPrefix}-pane-spans`}
                // Narrow: a click on a span row (not its chevron) opens its details.
                onClick={e => {
                  if (
                    !wide &&
                    (e.target as Element).closest?.('[role="treeitem"]')
                  ) {
                    setPane('details');
                  }
                }}
              >
                {showMinimap && (
                  <Minimap
                    trace={trace}
                    domain={state.domain}
                    zoom={state.zoom}
                    onZoom={state.setZoom}
                    idPrefix={idPrefix}
                  />
                )}
                {state.rows.length === 0 ? (
                  <div className="jp-MlflowTrace-empty">
                    {trans.__('No spans match the filters.')}
                  </div>
                ) : (
                  <SpanTree
                    trace={trace}
                    rows={state.rows}
                    expanded={state.expanded}
                    mask={state.mask}
                    selected={selected}
                    onSelect={state.onSelect}
                    onToggle={state.onToggle}
                    query={state.query}
                    matches={state.matchSet}
                    currentMatch={state.currentMatch}
                    domain={state.domain}
                    scrollRequest={state.scrollRequest}
                    idPrefix={idPrefix}
                    showTimeline={showTimeline}
                    positions={state.positions}
                    fallbackHeight={fallbackTreeHeight}
                    critical={state.critical}
                    timeWindow={showMinimap ? state.timeWindow : undefined}
                  />
                )}
              </div>
            )}
            {showDetail && (
              <div
                className="jp-MlflowTrace-detailPane"
                id={`${idPrefix}-pane-details`}
                ref={detailRef}
              >
                {selectedSpan ? (
                  <SpanDetail
                    trace={trace}
                    span={selectedSpan}
                    t0={state.domain[0]}
                    idPrefix={idPrefix}
                    onOpenSpan={openSpan}
                    query={
                      selected !== null && state.matchSet?.has(selected)
                        ? state.query
                        : ''
                    }
                  />
                ) : (
                  <div className="jp-MlflowTrace-empty">
                    {trans.__('Select a span to see its details.')}
                  </div>
                )}
              </div>
            )}
          </div>
        </>
      )}
    </div>
  );
}

/** Summary or Details; narrow, Details splits into Spans and Details. */
function PaneTabs(props: {
  tab: ViewTab;
  wide: boolean;
  onChange: (t: ViewTab) => void;
  spanName?: string;
  idPrefix: string;
}): JSX.Element {
  const trans = useTrans();
  const tab = (p: ViewTab, label: React.ReactNode) => (
    <button
      type="button"
      role="tab"
      className="jp-MlflowTrace-paneTab"
      aria-selected={props.tab === p}
      aria-controls={`${props.idPrefix}-pane-${p}`}
      onClick={() => props.onChange(p)}
    >
      {label}
    </button>
  );
  return (
    <div
      className="jp-MlflowTrace-paneTabs"
      role="tablist"
      aria-label={
        props.wide
          ? trans.__('Summary or details')
          : trans.__('Summary, spans or details')
      }
    >
      {tab('summary', trans.__('Summary'))}
      {!props.wide && tab('spans', trans.__('Spans'))}
      {tab(
        'details',
        <>
          {trans.__('Details')}
          {!props.wide && props.spanName && (
            <span className="jp-MlflowTrace-note">
              {': '}
              <RevealedText text={capText(props.spanName, 80).text} />
            </span>
          )}
        </>
      )}
    </div>
  );
}
