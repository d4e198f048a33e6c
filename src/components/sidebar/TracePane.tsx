/**
 * Traces of the selected experiment: filters, sortable columns, a
 * virtualized list with infinite paging. A click opens the trace; Space or
 * Ctrl/Cmd+click marks it, and two marked traces can be compared.
 */
import React from 'react';

import type { TraceOrder } from '../../api';
import type { IExperimentSummary } from '../../model/experiments';
import {
  groupBySession,
  type ISession,
  type SessionGroupRow
} from '../../model/sessions';
import type { ITraceSummary } from '../../model/types';
import { isMarked, type TraceMarks } from '../../sidebar/model/marks';
import type {
  ISidebarState,
  ITraceQueryState
} from '../../sidebar/model/types';
import { DEFAULT_TRACE_QUERY } from '../../sidebar/model/types';
import { useTrans, withElements } from '../i18n';
import { CompareBar } from './CompareBar';
import { PaneMessage, useNow } from './controls';
import { ListFooter } from './ExperimentPane';
import { formatExactTime, formatRelativeTime } from './state';
import { groupRowKey, SessionRow, ungroupedRows } from './SessionRow';
import { TraceFilters, TracePaneHeader } from './TraceControls';
import { TraceRow } from './TraceRow';
import { VirtualList } from './VirtualList';

/** Two lines: the name over the preview, start, duration and tokens. */
export const TRACE_ROW_HEIGHT = 44;

export interface ITracePaneProps {
  connected: boolean;
  /** The store stopped answering (unreachable, or the server extension failed). */
  down: boolean;
  experimentId: string | null;
  experiment: IExperimentSummary | null;
  followedExperimentId: string | null;
  query: ITraceQueryState;
  traces: ISidebarState['traces'];
  waitingForTraces: boolean;
  /** Rows grouped by conversation (`mlflow.trace.session`). */
  groupBySession: boolean;
  onQuery: (patch: Partial<ITraceQueryState>) => void;
  onGroupBySession: (on: boolean) => void;
  onOpenTrace: (trace: ITraceSummary) => void;
  onOpenSession: (session: ISession) => void;
  /** Traces marked to compare (at most two). */
  marked: TraceMarks;
  onToggleMark: (trace: ITraceSummary) => void;
  onClearMarks: () => void;
  /** Without it, traces cannot be marked (e.g. a kernel's store is browsed). */
  onCompare?: (a: ITraceSummary, b: ITraceSummary) => void;
  onLoadMore: () => void;
  onReload: () => void;
  onRetryMore: () => void;
}

export function TracePane(props: ITracePaneProps): JSX.Element {
  const { traces, query, onQuery, experimentId } = props;
  const trans = useTrans();
  const now = useNow();
  const [active, setActive] = React.useState(-1);
  React.useEffect(
    () => setActive(-1),
    [experimentId, query, props.groupBySession]
  );
  // Grouping covers the rows loaded so far; paging extends them.
  const rows = React.useMemo<SessionGroupRow[]>(
    () =>
      props.groupBySession
        ? groupBySession([...traces.items])
        : ungroupedRows(traces.items),
    [traces.items, props.groupBySession]
  );
  const openRow = (row: SessionGroupRow) =>
    row.kind === 'session'
      ? props.onOpenSession(row.session)
      : props.onOpenTrace(row.trace);
  const { marked, onToggleMark } = props;
  const markable = !!props.onCompare;
  // Sessions are not compared: Space opens them as before.
  const toggleRow = (row: SessionGroupRow) =>
    row.kind === 'session' ? openRow(row) : onToggleMark(row.trace);
  const filtered = query.status !== '' || query.text.trim() !== '';
  const followed =
    experimentId !== null && experimentId === props.followedExperimentId;

  const sortBy = (column: 'time' | 'duration') => {
    const [key, dir] = query.orderBy.split(' ');
    const wanted = column === 'time' ? 'timestamp_ms' : 'execution_time_ms';
    const next: TraceOrder =
      key === wanted
        ? (`${wanted} ${dir === 'DESC' ? 'ASC' : 'DESC'}` as TraceOrder)
        : (`${wanted} DESC` as TraceOrder);
    onQuery({ orderBy: next });
  };
  const sortMark = (
    column: 'time' | 'duration'
  ): 'ascending' | 'descending' | 'none' => {
    const [key, dir] = query.orderBy.split(' ');
    const wanted = column === 'time' ? 'timestamp_ms' : 'execution_time_ms';
    return key === wanted
      ? dir === 'DESC'
        ? 'descending'
        : 'ascending'
      : 'none';
  };

  let body: React.ReactNode;
  if (experimentId === null) {
    body = (
      <PaneMessage
        kind="info"
        title={trans.__('No experiment selected')}
        detail={
          props.connected
            ? trans.__(
                'Select an experiment above to list its traces. Running a traced notebook cell selects its experiment.'
              )
            : trans.__('Connect to a tracking server first: see above.')
        }
      />
    );
  } else if (!traces.loaded && props.down) {
    body = (
      <PaneMessage
        kind="info"
        title={trans.__('Traces not loaded')}
        detail={trans.__(
          'The tracking store is not answering (see above); the traces load when it answers again.'
        )}
      />
    );
  } else if (!traces.loaded && traces.error) {
    body = (
      <PaneMessage
        kind="error"
        title={trans.__('Traces could not be loaded')}
        detail={traces.error}
        action={{ label: trans.__('Retry'), onClick: props.onReload }}
      />
    );
  } else if (!traces.loaded) {
    body = <PaneMessage kind="loading" title={trans.__('Loading traces…')} />;
  } else if (traces.items.length === 0) {
    body = filtered ? (
      <PaneMessage
        kind="empty"
        title={trans.__('No trace matches these filters')}
        detail={
          traces.info === 'exact-name' && query.text
            ? trans.__(
                'This MLflow 2 server matches text against the exact trace name only.'
              )
            : undefined
        }
        action={{
          label: trans.__('Clear filters'),
          onClick: () =>
            onQuery({ status: DEFAULT_TRACE_QUERY.status, text: '' })
        }}
      />
    ) : props.waitingForTraces ? (
      <PaneMessage
        kind="loading"
        title={trans.__("Waiting for the notebook's traces…")}
        detail={trans.__(
          'MLflow exports traces in the background; they appear here in a moment.'
        )}
      />
    ) : (
      <PaneMessage
        kind="empty"
        title={trans.__('No traces in this experiment yet')}
        detail={withElements(
          trans.__(
            'Trace a function with %1 or turn on autologging (for example %2) and run it; the list refreshes after the cell.',
            '%1',
            '%2'
          ),
          // Python code, not words to translate.
          // eslint-disable-next-line jupyter/no-untranslated-string
          <code>@mlflow.trace</code>,
          // eslint-disable-next-line jupyter/no-untranslated-string
          <code>mlflow.openai.autolog()</code>
        )}
        action={{ label: trans.__('Refresh'), onClick: props.onReload }}
      />
    );
  } else {
    const stale = props.down || traces.stale;
    body = (
      <div
        // Whole class names: scripts/check-bundle.mjs looks for this one.
        className={[
          'jp-MlflowSidebar-traceTable',
          stale ? 'jp-mod-stale' : '',
          markable ? 'jp-mod-markable' : ''
        ]
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim()}
      >
        {props.down && (
          <div className="jp-MlflowSidebar-staleNotice" role="status">
            {withElements(
              trans.__(
                'Not current: the tracking store is not answering. Listed %1.',
                '%1'
              ),
              <span title={formatExactTime(trans, traces.updatedAtMs)}>
                {formatRelativeTime(trans, traces.updatedAtMs, now)}
              </span>
            )}
          </div>
        )}
        <div className="jp-MlflowSidebar-traceColumns" role="presentation">
          <span className="jp-MlflowSidebar-traceColumnName">
            {trans.__('Trace')}
          </span>
          <button
            type="button"
            className="jp-MlflowSidebar-sortButton"
            aria-sort={sortMark('time')}
            title={trans.__('Sort by start time')}
            onClick={() => sortBy('time')}
          >
            {trans.__('Started')}
            {arrow(sortMark('time'))}
          </button>
          <button
            type="button"
            className="jp-MlflowSidebar-sortButton"
            aria-sort={sortMark('duration')}
            title={trans.__('Sort by duration')}
            onClick={() => sortBy('duration')}
          >
            {trans.__('Duration')}
            {arrow(sortMark('duration'))}
          </button>
          <span className="jp-MlflowSidebar-tokensColumn">
            {trans.__('Tokens')}
          </span>
        </div>
        <VirtualList
          items={rows}
          rowHeight={TRACE_ROW_HEIGHT}
          getKey={groupRowKey}
          idPrefix="jp-MlflowSidebar-trace"
          ariaLabel={trans.__('Traces')}
          className="jp-MlflowSidebar-traceList"
          activeIndex={active}
          onActiveChange={setActive}
          onActivate={i => openRow(rows[i])}
          onToggle={markable ? i => toggleRow(rows[i]) : undefined}
          isChecked={
            markable
              ? row =>
                  row.kind === 'trace'
                    ? isMarked(marked, row.trace.traceId)
                    : undefined
              : undefined
          }
          onEndReached={props.onLoadMore}
          canLoadMore={
            traces.loading === 'idle' && !!traces.nextPageToken && !traces.error
          }
          rowClassName={row =>
            row.kind === 'session'
              ? 'jp-MlflowSidebar-traceRow jp-MlflowSidebar-sessionRow'
              : `jp-MlflowSidebar-traceRow jp-mod-${row.trace.state.toLowerCase()}`
          }
          renderRow={row =>
            row.kind === 'session' ? (
              <SessionRow session={row.session} now={now} />
            ) : (
              <TraceRow
                trace={row.trace}
                now={now}
                marked={markable && isMarked(marked, row.trace.traceId)}
                onToggleMark={
                  markable ? () => onToggleMark(row.trace) : undefined
                }
              />
            )
          }
          footer={
            <ListFooter
              loadingMore={traces.loading === 'more'}
              error={traces.loaded ? traces.error : null}
              onRetry={props.onRetryMore}
              what="traces"
            />
          }
        />
      </div>
    );
  }

  const title =
    props.experiment?.name ??
    (experimentId !== null ? trans.__('Experiment %1', experimentId) : '');
  return (
    <section
      className="jp-MlflowSidebar-pane jp-MlflowSidebar-traces"
      aria-label={trans.__('Traces')}
    >
      <TracePaneHeader
        title={title}
        followed={followed}
        updating={
          props.waitingForTraces ||
          (traces.loading === 'first' && traces.loaded)
        }
        onReload={experimentId !== null ? props.onReload : undefined}
      />
      {experimentId !== null && (
        <TraceFilters
          query={query}
          exactNameOnly={traces.info === 'exact-name'}
          groupBySession={props.groupBySession}
          onQuery={onQuery}
          onGroupBySession={props.onGroupBySession}
        />
      )}
      {traces.refreshError && (
        <div className="jp-MlflowSidebar-listFooter jp-mod-error" role="alert">
          <span>{trans.__('Could not refresh: %1', traces.refreshError)}</span>
          <button
            type="button"
            className="jp-MlflowSidebar-button"
            onClick={props.onReload}
          >
            {trans.__('Retry')}
          </button>
        </div>
      )}
      {body}
      {/* Below the list: Tab from the list reaches Compare. */}
      {props.onCompare && (
        <CompareBar
          marked={props.marked}
          now={now}
          onCompare={props.onCompare}
          onClear={props.onClearMarks}
        />
      )}
    </section>
  );
}

function arrow(mark: 'ascending' | 'descending' | 'none'): string {
  return mark === 'ascending' ? ' ↑' : mark === 'descending' ? ' ↓' : '';
}
