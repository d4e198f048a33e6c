/**
 * Above the span tree: search with match count, expand / collapse, the
 * critical path and the filters, in JupyterLab's own toolbar controls.
 */
import {
  Button,
  caretDownIcon,
  caretUpIcon,
  collapseAllIcon,
  expandAllIcon,
  filterDotIcon,
  filterIcon,
  InputGroup,
  LabIcon,
  searchIcon
} from '@jupyterlab/ui-components';
import React from 'react';
import { useTrans } from './i18n';
import { onSearchKey } from './keys';
import { formatCount } from './state/format';
import type { TraceViewState } from './useTraceViewState';

/**
 * A toolbar button in ToolbarButtonComponent's markup and classes, but not
 * that component: it prevents the default of every Enter, and Lumino drops
 * prevented keys, so Shift+Enter (run the cell) on it would do nothing.
 */
function ToolButton(props: {
  icon?: LabIcon;
  label?: string;
  /** Name for screen readers when there is no label; else the label. */
  name?: string;
  tooltip: string;
  enabled?: boolean;
  pressed?: boolean;
  active?: boolean;
  expanded?: boolean;
  controls?: string;
  onClick: () => void;
}): JSX.Element {
  const Icon = props.icon?.react;
  return (
    <Button
      type="button"
      className={`jp-ToolbarButtonComponent jp-MlflowTrace-toolButton${
        props.active ? ' jp-mod-active' : ''
      }`}
      aria-label={props.label ? undefined : props.name}
      title={props.tooltip}
      disabled={props.enabled === false}
      aria-pressed={props.pressed}
      aria-expanded={props.expanded}
      aria-controls={props.controls}
      onClick={props.onClick}
    >
      {Icon && <Icon tag={null} className="jp-Icon" />}
      {props.label && (
        <span className="jp-ToolbarButtonComponent-label">{props.label}</span>
      )}
    </Button>
  );
}

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
        {/* InputGroup, not FilterBox: the box moves through matches
            (Enter, Shift+Enter) and counts them, it does not filter a list. */}
        <InputGroup
          type="search"
          className="jp-MlflowTrace-searchInput"
          rightIcon={searchIcon}
          placeholder={trans.__('Search spans')}
          aria-label={trans.__('Search spans')}
          spellCheck={false}
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
        <ToolButton
          icon={caretUpIcon}
          name={trans.__('Previous match')}
          tooltip={trans.__('Previous match (Shift+Enter)')}
          enabled={matches.length > 0}
          onClick={() => state.gotoMatch(-1)}
        />
        <ToolButton
          icon={caretDownIcon}
          name={trans.__('Next match')}
          tooltip={trans.__('Next match (Enter)')}
          enabled={matches.length > 0}
          onClick={() => state.gotoMatch(1)}
        />
      </div>
      <div className="jp-MlflowTrace-toolbarGroup">
        <ToolButton
          icon={expandAllIcon}
          name={trans.__('Expand all')}
          tooltip={trans.__('Expand all')}
          onClick={state.expandAll}
        />
        <ToolButton
          icon={collapseAllIcon}
          name={trans.__('Collapse all')}
          tooltip={trans.__('Collapse all')}
          onClick={state.collapseAll}
        />
        <ToolButton
          label={trans.__('Critical path')}
          tooltip={trans.__(
            'Mark the spans that decide when the trace ends (the critical path)'
          )}
          pressed={state.showCritical}
          onClick={state.toggleCritical}
        />
        <ToolButton
          active={state.filterActive}
          icon={state.filterActive ? filterDotIcon : filterIcon}
          label={
            state.filterActive && state.mask
              ? trans.__('Filters (%1)', formatCount(state.mask.matchCount))
              : trans.__('Filters')
          }
          tooltip={trans.__('Filter spans by type, log level or errors')}
          expanded={state.showFilters}
          controls={props.filtersId}
          onClick={state.toggleFilters}
        />
      </div>
    </div>
  );
}
