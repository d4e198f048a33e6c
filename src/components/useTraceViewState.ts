/**
 * View state of one trace in the viewer: expanded spans, selection, filters,
 * search and its current match, and the timeline zoom of long traces.
 * Pure React state over the pure helpers in state/; the view components
 * only read it and call its actions.
 */
import React from 'react';
import type { ITrace } from '../model/types';
import { useDebounced } from './hooks';
import { criticalRows } from './state/critical';
import {
  EMPTY_FILTER,
  IFilterState,
  computeFilter,
  isFilterActive,
  spanTypeCounts
} from './state/filter';
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
import {
  FULL_WINDOW,
  isZoomed,
  MINIMAP_MIN_SPANS,
  windowMs,
  ZoomWindow
} from './state/zoom';

const SEARCH_DEBOUNCE_MS = 150;

export type TraceViewState = ReturnType<typeof useTraceViewState>;

export function useTraceViewState(trace: ITrace, defaultExpandDepth: number) {
  const [expanded, setExpanded] = React.useState<ReadonlySet<number>>(() =>
    expandedToDepth(trace, defaultExpandDepth)
  );
  const [selected, setSelected] = React.useState<number | null>(() => {
    const roots = rootsOf(trace);
    return roots.length > 0 ? roots[0] : null;
  });
  const [filter, setFilter] = React.useState<IFilterState>(EMPTY_FILTER);
  const [showFilters, setShowFilters] = React.useState(false);
  const [raw, setRaw] = React.useState(false);
  const [showCritical, setShowCritical] = React.useState(false);
  const [queryInput, setQueryInput] = React.useState('');
  const query = useDebounced(queryInput, SEARCH_DEBOUNCE_MS);
  const [matchPos, setMatchPos] = React.useState(0);
  const [scrollRequest, setScrollRequest] = React.useState(0);
  // View state only: a fresh viewer (or a reloaded notebook) shows it all.
  const [zoom, setZoom] = React.useState<ZoomWindow>(FULL_WINDOW);

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
  const hasMinimap = trace.spans.length > MINIMAP_MIN_SPANS;
  const zoomed = hasMinimap && isZoomed(zoom);
  const timeWindow = React.useMemo(
    () => (zoomed ? windowMs(domain, zoom) : undefined),
    [zoomed, domain, zoom]
  );
  const types = React.useMemo(() => spanTypeCounts(trace), [trace]);
  // Computed only while shown; criticalRows keeps it per trace.
  const critical = React.useMemo(
    () => (showCritical ? criticalRows(trace) : null),
    [trace, showCritical]
  );

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
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on purpose (above)
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

  const currentMatch =
    matches.length > 0 ? matches[Math.min(matchPos, matches.length - 1)] : null;

  return {
    expanded,
    selected,
    filter,
    filterActive: isFilterActive(filter),
    showFilters,
    toggleFilters: () => setShowFilters(s => !s),
    raw,
    toggleRaw: () => setRaw(r => !r),
    showCritical,
    toggleCritical: () => setShowCritical(c => !c),
    /** Spans on the critical path with their segments, while it is shown. */
    critical,
    queryInput,
    setQueryInput,
    query,
    matchPos,
    matches,
    matchSet,
    currentMatch,
    scrollRequest,
    /** The trace is long enough for the timeline minimap. */
    hasMinimap,
    /** The selected time window, fractions of the domain. */
    zoom,
    setZoom,
    zoomed,
    /** The zoomed range in epoch ms; undefined when not zoomed. */
    timeWindow,
    mask,
    rows,
    domain,
    positions,
    types,
    gotoMatch,
    /** Select span i, expanding its ancestors, and scroll it into view. */
    reveal,
    onToggle,
    onSelect,
    applyFilter,
    expandAll: () => setExpanded(expandAll(trace)),
    collapseAll
  };
}
