/** Above the span tree: search with match count, expand / collapse, filters. */
import React from 'react';
import { ArrowIcon, ExpandAllIcon, FilterIcon } from './icons';
import { useTrans } from './i18n';
import { onSearchKey } from './keys';
import { formatCount } from './state/format';
import type { TraceViewState } from './useTraceViewState';

export function SpanToolbar(props: {
  state: TraceViewState;
  filtersId: string;
}): JSX.Element {
  const { state } = props;
  const trans = useTrans();
  const { matches, matchPos, query, queryInput } = state;
  return (
    <div
      className="jp-MlflowTrace-toolbar"
      role="toolbar"
      aria-label={trans.__('Span tree tools')}
    >
      <div className="jp-MlflowTrace-search" role="search">
        <input
          type="search"
          className="jp-MlflowTrace-searchInput"
          placeholder={trans.__('Search spans')}
          aria-label={trans.__('Search spans')}
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
              ? trans.__(
                  '%1 of %2',
                  formatCount(Math.min(matchPos, matches.length - 1) + 1),
                  formatCount(matches.length)
                )
              : trans.__('No matches')
            : ''}
        </span>
        <button
          type="button"
          className="jp-MlflowTrace-iconButton"
          aria-label={trans.__('Previous match')}
          title={trans.__('Previous match (Shift+Enter)')}
          disabled={matches.length === 0}
          onClick={() => state.gotoMatch(-1)}
        >
          <ArrowIcon dir="up" />
        </button>
        <button
          type="button"
          className="jp-MlflowTrace-iconButton"
          aria-label={trans.__('Next match')}
          title={trans.__('Next match (Enter)')}
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
          aria-label={trans.__('Expand all')}
          title={trans.__('Expand all')}
          onClick={state.expandAll}
        >
          <ExpandAllIcon />
        </button>
        <button
          type="button"
          className="jp-MlflowTrace-iconButton"
          aria-label={trans.__('Collapse all')}
          title={trans.__('Collapse all')}
          onClick={state.collapseAll}
        >
          <ExpandAllIcon collapse />
        </button>
        <button
          type="button"
          className="jp-MlflowTrace-button"
          aria-pressed={state.showCritical}
          title={trans.__(
            'Mark the spans that decide when the trace ends (the critical path)'
          )}
          onClick={state.toggleCritical}
        >
          {trans.__('Critical path')}
        </button>
        <button
          type="button"
          className={`jp-MlflowTrace-button${state.filterActive ? ' jp-mod-active' : ''}`}
          aria-label={trans.__('Filters')}
          title={trans.__('Filter spans by type or errors')}
          aria-expanded={state.showFilters}
          aria-controls={props.filtersId}
          onClick={state.toggleFilters}
        >
          <FilterIcon />
          <span>
            {state.filterActive && state.mask
              ? trans.__('Filters (%1)', formatCount(state.mask.matchCount))
              : trans.__('Filters')}
          </span>
        </button>
      </div>
    </div>
  );
}
