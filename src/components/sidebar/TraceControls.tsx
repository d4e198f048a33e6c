/**
 * Above the trace list: the pane's title with the notebook badge and a
 * refresh, then the filters (text, status) and the session grouping.
 */
import {
  HTMLSelect,
  notebookIcon,
  refreshIcon,
  ToolbarButtonComponent
} from '@jupyterlab/ui-components';
import React from 'react';

import type { TraceStatusFilter } from '../../api';
import type { ITraceQueryState } from '../../sidebar/model/types';
import { TranslationBundle, useTrans } from '../i18n';
import { SearchBox } from './controls';

function statusOptions(
  trans: TranslationBundle
): { value: TraceStatusFilter; label: string }[] {
  return [
    { value: '', label: trans.__('Any status') },
    { value: 'OK', label: trans.__('OK') },
    { value: 'ERROR', label: trans.__('Error') },
    { value: 'IN_PROGRESS', label: trans.__('In progress') }
  ];
}

/** The pane's title row; the refresh only once an experiment is selected. */
export function TracePaneHeader(props: {
  /** The experiment's name (or id); empty before one is selected. */
  title: string;
  /** The active notebook's last traces went to this experiment. */
  followed: boolean;
  updating: boolean;
  onReload?: () => void;
}): JSX.Element {
  const trans = useTrans();
  return (
    <div className="jp-MlflowSidebar-paneHeader">
      <h3 className="jp-MlflowSidebar-paneTitle" title={props.title}>
        {trans.__('Traces')}
        {props.title && (
          <span className="jp-MlflowSidebar-paneSubtitle">
            {' '}
            · {props.title}
          </span>
        )}
      </h3>
      {props.followed && (
        <span
          className="jp-MlflowSidebar-followBadge"
          title={trans.__(
            "The active notebook's last traces went to this experiment"
          )}
        >
          <notebookIcon.react tag="span" className="jp-MlflowSidebar-icon" />{' '}
          {trans.__('notebook')}
        </span>
      )}
      {props.updating && (
        <span
          className="jp-MlflowSidebar-spinner"
          aria-label={trans.__('Updating')}
        />
      )}
      {props.onReload && (
        <ToolbarButtonComponent
          className="jp-MlflowSidebar-iconButton"
          icon={refreshIcon}
          tooltip={trans.__('Refresh the traces')}
          onClick={props.onReload}
        />
      )}
    </div>
  );
}

/** Text and status filters, and grouping by session. */
export function TraceFilters(props: {
  query: ITraceQueryState;
  /** This MLflow 2 server matches text against the exact trace name only. */
  exactNameOnly: boolean;
  groupBySession: boolean;
  onQuery: (patch: Partial<ITraceQueryState>) => void;
  onGroupBySession: (on: boolean) => void;
}): JSX.Element {
  const { query, onQuery } = props;
  const trans = useTrans();
  return (
    <div className="jp-MlflowSidebar-controls">
      <SearchBox
        value={query.text}
        onChange={text => onQuery({ text })}
        placeholder={
          props.exactNameOnly
            ? trans.__('Exact trace name')
            : trans.__('Search traces')
        }
        label={trans.__('Search traces')}
        title={
          props.exactNameOnly
            ? trans.__('MLflow 2 server: matches the exact trace name')
            : trans.__(
                'Matches trace names, inputs, outputs and span content (case-insensitive; %% and _ are wildcards)'
              )
        }
      />
      <HTMLSelect
        className="jp-MlflowSidebar-select"
        aria-label={trans.__('Filter traces by status')}
        title={trans.__('Filter traces by status')}
        value={query.status}
        onChange={event =>
          onQuery({ status: event.target.value as TraceStatusFilter })
        }
        options={statusOptions(trans)}
      />
      {/* A native checkbox: ui-components offers no checkbox (only a Switch). */}
      <label
        className="jp-MlflowSidebar-groupToggle"
        title={trans.__(
          'Show the loaded traces of one conversation (MLflow session) as one row'
        )}
      >
        <input
          type="checkbox"
          checked={props.groupBySession}
          onChange={event => props.onGroupBySession(event.target.checked)}
        />
        {trans.__('Group by session')}
      </label>
    </div>
  );
}
