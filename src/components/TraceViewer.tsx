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
  useDebounced,
  useElementSize
} from './hooks';
import { keepActivationKeys, keepKey, onSearchKey } from './keys';
import {
  ArrowIcon,
  ErrorIcon,
  ExpandAllIcon,
  FilterIcon,
  SpanTypeIcon
} from './icons';
import { RawJsonView } from './RawJsonView';
import { SpanDetail, StatusBadge } from './SpanDetail';
import { SpanTree } from './SpanTree';
import { TraceHeader } from './TraceHeader';
import {
  EMPTY_FILTER,
  IFilterState,
  computeFilter,
  isFilterActive,
  spanTypeCounts
} from './state/filter';
import { RevealedText } from './RevealedText';
import { TimeIssueMark } from './TimeIssueMark';
import {
  capText,
  formatCount,
  formatDuration,
  plural,
  revealInvisibleText
} from './state/format';
import { fullJson } from './state/json';
import { SpanSearchIndex } from './state/search';
import {
  ancestorsOf,
  computeVisibleRows,
  expandAll,
  expandedToDepth,
  MATCH,
  rootsOf,
  siblingPositions,
  timeDomain,
  withAncestorsExpanded
} from './state/tree';

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
  /** Initial height in px (default 420); the resize handle changes it. */
  height?: number;
  /** Span tree levels expanded initially (default 2). */
  defaultExpandDepth?: number;
  onHeightChange?: (h: number) => void;
}

export const DEFAULT_HEIGHT = 420;
export const MIN_HEIGHT = 200;
export const MAX_HEIGHT = 4000;
/** Below this viewer width the detail pane goes below the tree. */
export const STACK_BELOW = 720;
/** Below this tree width the gantt column is hidden. */
export const TIMELINE_MIN_TREE_WIDTH = 360;
const SEARCH_DEBOUNCE_MS = 150;
/** Span types listed in the filter panel (hostile traces may have thousands). */
const MAX_FILTER_TYPES = 40;

function clampHeight(h: number): number {
  return Math.round(Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, h)));
}

let idCounter = 0;
/** Per-instance prefix for element ids (aria-activedescendant, tabs). */
function useIdPrefix(): string {
  const ref = React.useRef<string>();
  if (!ref.current) {
    ref.current = `jp-MlflowTrace-${++idCounter}`;
  }
  return ref.current;
}

export function TraceViewer(props: ITraceViewerProps): JSX.Element {
  const { traces, onHeightChange } = props;
  const [traceIndex, setTraceIndex] = React.useState(0);
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

  const services = React.useMemo<IViewerServices>(
    () => ({
      copy: props.onCopy ?? defaultCopy,
      renderMarkdown: props.renderMarkdown
    }),
    [props.onCopy, props.renderMarkdown]
  );

  const index = Math.min(traceIndex, Math.max(0, traces.length - 1));
  const trace = traces[index];
  const wide = size.width >= STACK_BELOW;
  const rawJson = props.rawJson;
  const getRaw = React.useCallback(
    () => (rawJson ? rawJson(index) : trace),
    [rawJson, index, trace]
  );

  return (
    <ViewerContext.Provider value={services}>
      <div
        ref={setRootEl}
        className={`jp-MlflowTrace ${wide ? 'jp-mod-wide' : 'jp-mod-narrow'}`}
        // Each part stops only the keys it handles (see keys.ts); the rest
        // bubble on to the notebook's shortcuts.
        onKeyDown={keepActivationKeys}
        style={{ height }}
      >
        {traces.length > 1 && (
          <TraceList traces={traces} current={index} onSelect={setTraceIndex} />
        )}
        {trace ? (
          <TraceView
            // Fresh view state per trace (indices are per trace).
            key={`${index}:${trace.traceId}`}
            trace={trace}
            trackingUri={props.trackingUri}
            defaultExpandDepth={props.defaultExpandDepth ?? 2}
            wide={wide}
            width={size.width}
            height={height}
            getRaw={getRaw}
          />
        ) : (
          <div className="jp-MlflowTrace-empty">No traces to display.</div>
        )}
        <ResizeHandle
          height={height}
          onResize={setHeight}
          onResizeEnd={h => onHeightChange?.(h)}
        />
      </div>
    </ViewerContext.Provider>
  );
}

export default TraceViewer;

/* ------------------------------------------------------------------ */

function TraceList(props: {
  traces: ITrace[];
  current: number;
  onSelect: (i: number) => void;
}): JSX.Element {
  return (
    <nav
      className="jp-MlflowTrace-traceList"
      aria-label="Traces in this output"
    >
      <div className="jp-MlflowTrace-note">
        {plural(props.traces.length, 'trace')}
      </div>
      <ul>
        {props.traces.map((t, k) => (
          <li key={k}>
            <button
              type="button"
              className={`jp-MlflowTrace-traceItem${k === props.current ? ' jp-mod-current' : ''}`}
              aria-current={k === props.current ? 'true' : undefined}
              title={revealInvisibleText(
                capText(`${t.name} (${t.traceId})`, 500).text
              )}
              onClick={() => props.onSelect(k)}
            >
              <StatusBadge status={t.state} />
              <span className="jp-MlflowTrace-traceItemName">
                <RevealedText
                  text={
                    capText(t.name || t.traceId || '(unnamed trace)', 200).text
                  }
                />
              </span>
              <span className="jp-MlflowTrace-note">
                {t.timeIssue ? (
                  <TimeIssueMark issue={t.timeIssue} subject="trace" />
                ) : (
                  formatDuration(t.durationMs, t.durationPrecision)
                )}
              </span>
              <span className="jp-MlflowTrace-note">
                {plural(t.spans.length, 'span')}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/* ------------------------------------------------------------------ */

function ResizeHandle(props: {
  height: number;
  onResize: (h: number) => void;
  onResizeEnd: (h: number) => void;
}): JSX.Element {
  const drag = React.useRef<{ y: number; h: number; last: number } | null>(
    null
  );
  const { height, onResize, onResizeEnd } = props;
  return (
    <div
      className="jp-MlflowTrace-resize"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize trace viewer"
      title="Drag (or use Arrow Up / Down) to resize"
      aria-valuenow={height}
      aria-valuemin={MIN_HEIGHT}
      aria-valuemax={MAX_HEIGHT}
      tabIndex={0}
      onPointerDown={e => {
        e.preventDefault();
        drag.current = { y: e.clientY, h: height, last: height };
        try {
          e.currentTarget.setPointerCapture?.(e.pointerId);
        } catch {
          // Synthetic pointers (tests) cannot be captured.
        }
      }}
      onPointerMove={e => {
        if (drag.current) {
          const h = clampHeight(drag.current.h + e.clientY - drag.current.y);
          drag.current.last = h;
          onResize(h);
        }
      }}
      onPointerUp={() => {
        if (drag.current) {
          onResizeEnd(drag.current.last);
          drag.current = null;
        }
      }}
      onPointerCancel={() => {
        drag.current = null;
      }}
      onKeyDown={e => {
        if (e.ctrlKey || e.metaKey || e.altKey) {
          return; // e.g. Ctrl+Shift+ArrowUp moves the cell
        }
        const step = e.shiftKey ? 100 : 20;
        let h = height;
        if (e.key === 'ArrowDown') {
          h = clampHeight(height + step);
        } else if (e.key === 'ArrowUp') {
          h = clampHeight(height - step);
        } else {
          return;
        }
        keepKey(e);
        onResize(h);
        onResizeEnd(h);
      }}
    >
      <span className="jp-MlflowTrace-resizeGrip" aria-hidden="true" />
    </div>
  );
}

/* ------------------------------------------------------------------ */

interface ITraceViewProps {
  trace: ITrace;
  trackingUri?: string;
  defaultExpandDepth: number;
  wide: boolean;
  width: number;
  height: number;
  getRaw: () => unknown;
}

/** One trace: header, toolbar, tree + detail (or raw JSON). Keyed by trace. */
function TraceView(props: ITraceViewProps): JSX.Element {
  const { trace, wide } = props;
  const idPrefix = useIdPrefix();
  const [expanded, setExpanded] = React.useState<ReadonlySet<number>>(() =>
    expandedToDepth(trace, props.defaultExpandDepth)
  );
  const [selected, setSelected] = React.useState<number | null>(() => {
    const roots = rootsOf(trace);
    return roots.length > 0 ? roots[0] : null;
  });
  const [filter, setFilter] = React.useState<IFilterState>(EMPTY_FILTER);
  const [showFilters, setShowFilters] = React.useState(false);
  const [raw, setRaw] = React.useState(false);
  const [queryInput, setQueryInput] = React.useState('');
  const query = useDebounced(queryInput, SEARCH_DEBOUNCE_MS);
  const [matchPos, setMatchPos] = React.useState(0);
  const [scrollRequest, setScrollRequest] = React.useState(0);

  const mask = React.useMemo(
    () => computeFilter(trace, filter),
    [trace, filter]
  );
  const rows = React.useMemo(
    () => computeVisibleRows(trace, expanded, mask),
    [trace, expanded, mask]
  );
  const searchIndex = React.useMemo(() => new SpanSearchIndex(trace), [trace]);
  const matches = React.useMemo(
    () => searchIndex.find(query, mask),
    [searchIndex, query, mask]
  );
  const matchSet = React.useMemo(
    () => (matches.length > 0 ? new Set(matches) : null),
    [matches]
  );
  const domain = React.useMemo(() => timeDomain(trace), [trace]);
  const positions = React.useMemo(() => siblingPositions(trace), [trace]);
  const types = React.useMemo(() => spanTypeCounts(trace), [trace]);

  /** Select span i, expanding its ancestors, and scroll it into view. */
  const reveal = React.useCallback(
    (i: number) => {
      setExpanded(prev => {
        const anc = ancestorsOf(trace, i);
        return anc.every(a => prev.has(a))
          ? prev
          : withAncestorsExpanded(trace, prev, [i]);
      });
      setSelected(i);
      setScrollRequest(s => s + 1);
    },
    [trace]
  );

  // A new query jumps to its first match. Layout effect: the count and the
  // selection update in the same paint.
  React.useLayoutEffect(() => {
    setMatchPos(0);
    if (matches.length > 0) {
      reveal(matches[0]);
    }
    // Only when the query (not the filter) changes.
  }, [query]);

  const gotoMatch = (delta: number) => {
    if (matches.length === 0) {
      return;
    }
    const k = (matchPos + delta + matches.length) % matches.length;
    setMatchPos(k);
    reveal(matches[k]);
  };

  const onToggle = React.useCallback((i: number, open?: boolean) => {
    setExpanded(prev => {
      const isOpen = prev.has(i);
      const want = open ?? !isOpen;
      if (want === isOpen) {
        return prev;
      }
      const next = new Set(prev);
      if (want) {
        next.add(i);
      } else {
        next.delete(i);
      }
      return next;
    });
  }, []);

  const onSelect = React.useCallback((i: number) => setSelected(i), []);

  const applyFilter = (f: IFilterState) => {
    setFilter(f);
    const m = computeFilter(trace, f);
    if (m) {
      // Make every matching span reachable: expand the kept ancestors.
      const hits: number[] = [];
      for (let i = 0; i < m.keep.length; i++) {
        if (m.keep[i] === MATCH) {
          hits.push(i);
        }
      }
      setExpanded(prev => withAncestorsExpanded(trace, prev, hits));
    }
    setScrollRequest(s => s + 1);
  };

  const collapseAll = () => {
    setExpanded(new Set());
    if (selected !== null) {
      // Keep the selection visible: move it to its root.
      const anc = ancestorsOf(trace, selected);
      setSelected(anc.length > 0 ? anc[anc.length - 1] : selected);
    }
  };

  const selectedSpan = selected !== null ? trace.spans[selected] : undefined;
  const filterActive = isFilterActive(filter);
  const currentMatch =
    matches.length > 0 ? matches[Math.min(matchPos, matches.length - 1)] : null;

  // Available height for the tree when nothing can be measured yet (jsdom).
  const fallbackTreeHeight = Math.max(
    120,
    wide ? props.height - 140 : (props.height - 140) / 2
  );
  const treeWidth = wide ? props.width * 0.55 : props.width;
  const showTimeline = treeWidth >= TIMELINE_MIN_TREE_WIDTH;

  const getFullJson = () => fullJson(props.getRaw());

  return (
    <div className="jp-MlflowTrace-view">
      <TraceHeader
        trace={trace}
        trackingUri={props.trackingUri}
        raw={raw}
        onToggleRaw={() => setRaw(r => !r)}
      />
      {raw ? (
        <div className="jp-MlflowTrace-main">
          <RawJsonView value={props.getRaw()} getFullJson={getFullJson} />
        </div>
      ) : trace.spans.length === 0 ? (
        <div className="jp-MlflowTrace-main">
          <div className="jp-MlflowTrace-empty">This trace has no spans.</div>
        </div>
      ) : (
        <>
          <div
            className="jp-MlflowTrace-toolbar"
            role="toolbar"
            aria-label="Span tree tools"
          >
            <div className="jp-MlflowTrace-search" role="search">
              <input
                type="search"
                className="jp-MlflowTrace-searchInput"
                placeholder="Search spans"
                aria-label="Search spans"
                value={queryInput}
                onChange={e => setQueryInput(e.target.value)}
                onKeyDown={e =>
                  onSearchKey(e, {
                    text: queryInput,
                    pending: queryInput !== query,
                    gotoMatch,
                    clear: () => setQueryInput('')
                  })
                }
              />
              <span className="jp-MlflowTrace-matchCount" aria-live="polite">
                {query.trim()
                  ? matches.length > 0
                    ? `${formatCount(Math.min(matchPos, matches.length - 1) + 1)} of ${formatCount(matches.length)}`
                    : 'No matches'
                  : ''}
              </span>
              <button
                type="button"
                className="jp-MlflowTrace-iconButton"
                aria-label="Previous match"
                title="Previous match (Shift+Enter)"
                disabled={matches.length === 0}
                onClick={() => gotoMatch(-1)}
              >
                <ArrowIcon dir="up" />
              </button>
              <button
                type="button"
                className="jp-MlflowTrace-iconButton"
                aria-label="Next match"
                title="Next match (Enter)"
                disabled={matches.length === 0}
                onClick={() => gotoMatch(1)}
              >
                <ArrowIcon dir="down" />
              </button>
            </div>
            <div className="jp-MlflowTrace-toolbarGroup">
              <button
                type="button"
                className="jp-MlflowTrace-iconButton"
                aria-label="Expand all"
                title="Expand all"
                onClick={() => setExpanded(expandAll(trace))}
              >
                <ExpandAllIcon />
              </button>
              <button
                type="button"
                className="jp-MlflowTrace-iconButton"
                aria-label="Collapse all"
                title="Collapse all"
                onClick={collapseAll}
              >
                <ExpandAllIcon collapse />
              </button>
              <button
                type="button"
                className={`jp-MlflowTrace-button${filterActive ? ' jp-mod-active' : ''}`}
                aria-label="Filters"
                title="Filter spans by type or errors"
                aria-expanded={showFilters}
                aria-controls={`${idPrefix}-filters`}
                onClick={() => setShowFilters(s => !s)}
              >
                <FilterIcon />
                <span>
                  Filters
                  {filterActive && mask
                    ? ` (${formatCount(mask.matchCount)})`
                    : ''}
                </span>
              </button>
            </div>
          </div>
          {showFilters && (
            <FilterPanel
              id={`${idPrefix}-filters`}
              types={types}
              filter={filter}
              errorCount={trace.errorSpanCount}
              onChange={applyFilter}
            />
          )}
          <div className="jp-MlflowTrace-main">
            <div className="jp-MlflowTrace-treePane">
              {rows.length === 0 ? (
                <div className="jp-MlflowTrace-empty">
                  No spans match the filters.
                </div>
              ) : (
                <SpanTree
                  trace={trace}
                  rows={rows}
                  expanded={expanded}
                  mask={mask}
                  selected={selected}
                  onSelect={onSelect}
                  onToggle={onToggle}
                  query={query}
                  matches={matchSet}
                  currentMatch={currentMatch}
                  domain={domain}
                  scrollRequest={scrollRequest}
                  idPrefix={idPrefix}
                  showTimeline={showTimeline}
                  positions={positions}
                  fallbackHeight={fallbackTreeHeight}
                />
              )}
            </div>
            <div className="jp-MlflowTrace-detailPane">
              {selectedSpan ? (
                <SpanDetail
                  trace={trace}
                  span={selectedSpan}
                  t0={domain[0]}
                  idPrefix={idPrefix}
                />
              ) : (
                <div className="jp-MlflowTrace-empty">
                  Select a span to see its details.
                </div>
              )}
            </div>
          </div>
        </>
      )}
    </div>
  );
}

/* ------------------------------------------------------------------ */

function FilterPanel(props: {
  id: string;
  types: Array<{ type: string; count: number }>;
  filter: IFilterState;
  errorCount: number;
  onChange: (f: IFilterState) => void;
}): JSX.Element {
  const { filter, onChange } = props;
  const shown = props.types.slice(0, MAX_FILTER_TYPES);
  const toggleType = (t: string) => {
    const hidden = new Set(filter.hiddenTypes);
    if (hidden.has(t)) {
      hidden.delete(t);
    } else {
      hidden.add(t);
    }
    onChange({ ...filter, hiddenTypes: hidden });
  };
  return (
    <div className="jp-MlflowTrace-filters" id={props.id}>
      <fieldset>
        <legend>Span types</legend>
        {shown.map(({ type, count }) => (
          <label key={type} className="jp-MlflowTrace-filterType">
            <input
              type="checkbox"
              checked={!filter.hiddenTypes.has(type)}
              onChange={() => toggleType(type)}
            />
            <SpanTypeIcon spanType={type} />
            <span>{capText(type, 60).text}</span>
            <span className="jp-MlflowTrace-note">{formatCount(count)}</span>
          </label>
        ))}
        {props.types.length > shown.length && (
          <span className="jp-MlflowTrace-note">
            and {formatCount(props.types.length - shown.length)} more types
          </span>
        )}
      </fieldset>
      <label className="jp-MlflowTrace-filterType">
        <input
          type="checkbox"
          checked={filter.errorsOnly}
          onChange={() =>
            onChange({ ...filter, errorsOnly: !filter.errorsOnly })
          }
        />
        <ErrorIcon />
        <span>Errors only</span>
        <span className="jp-MlflowTrace-note">
          {formatCount(props.errorCount)}
        </span>
      </label>
      {isFilterActive(filter) && (
        <button
          type="button"
          className="jp-MlflowTrace-miniButton"
          onClick={() => onChange(EMPTY_FILTER)}
        >
          Reset filters
        </button>
      )}
    </div>
  );
}
