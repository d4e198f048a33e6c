/** Above the span tree: search with match count, expand / collapse, filters. */
import React from 'react';
import { ArrowIcon, ExpandAllIcon, FilterIcon } from './icons';
import { onSearchKey } from './keys';
import { formatCount } from './state/format';
import type { TraceViewState } from './useTraceViewState';

export function SpanToolbar(props: {
  state: TraceViewState;
  filtersId: string;
}): JSX.Element {
  const { state } = props;
  const { matches, matchPos, query, queryInput } = state;
  return (
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
          onChange={e => state.setQueryInput(e.target.value)}
          onKeyDown={e =>
            onSearchKey(e, {
              text: queryInput,
              pending: queryInput !== query,
              gotoMatch: state.gotoMatch,
              clear: () => state.setQueryInput('')
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
          onClick={() => state.gotoMatch(-1)}
        >
          <ArrowIcon dir="up" />
        </button>
        <button
          type="button"
          className="jp-MlflowTrace-iconButton"
          aria-label="Next match"
          title="Next match (Enter)"
          disabled={matches.length === 0}
          onClick={() => state.gotoMatch(1)}
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
          onClick={state.expandAll}
        >
          <ExpandAllIcon />
        </button>
        <button
          type="button"
          className="jp-MlflowTrace-iconButton"
          aria-label="Collapse all"
          title="Collapse all"
          onClick={state.collapseAll}
        >
          <ExpandAllIcon collapse />
        </button>
        <button
          type="button"
          className={`jp-MlflowTrace-button${state.filterActive ? ' jp-mod-active' : ''}`}
          aria-label="Filters"
          title="Filter spans by type or errors"
          aria-expanded={state.showFilters}
          aria-controls={props.filtersId}
          onClick={state.toggleFilters}
        >
          <FilterIcon />
          <span>
            Filters
            {state.filterActive && state.mask
              ? ` (${formatCount(state.mask.matchCount)})`
              : ''}
          </span>
        </button>
      </div>
    </div>
  );
}
