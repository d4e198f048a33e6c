/**
 * Traces of the selected experiment: filters, sortable columns, a
 * virtualized list with infinite paging. A click opens the trace.
 */
import React from 'react';

import type { TraceOrder, TraceStatusFilter } from '../../api';
import type { IExperimentSummary } from '../../model/experiments';
import {
  groupBySession,
  type ISession,
  type SessionGroupRow
} from '../../model/sessions';
import type { ITraceSummary } from '../../model/types';
import { TranslationBundle, useTrans, withElements } from '../i18n';
import { RevealedText } from '../RevealedText';
import { TimeIssueMark } from '../TimeIssueMark';
import { formatDuration, revealInvisibleText } from '../state/format';
import type {
  ISidebarState,
  ITraceQueryState
} from '../../sidebar/model/types';
import { DEFAULT_TRACE_QUERY } from '../../sidebar/model/types';
import {
  NotebookIcon,
  PaneMessage,
  RefreshIcon,
  SearchBox,
  useNow
} from './controls';
import {
  formatExactTime,
  formatRelativeTime,
  formatTokens,
  summaryTokens,
  traceLabel
} from './state';
import { ListFooter } from './ExperimentPane';
import { groupRowKey, SessionRow, ungroupedRows } from './SessionRow';
import { VirtualList } from './VirtualList';

/** Two lines: the name over the preview, start, duration and tokens. */
export const TRACE_ROW_HEIGHT = 44;

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

/** A trace's state in a row; MLflow's own name for states it adds later. */
function statusLabel(trans: TranslationBundle, state: string): string {
  switch (state) {
    case 'OK':
      return trans.__('OK');
    case 'ERROR':
      return trans.__('Error');
    case 'IN_PROGRESS':
      return trans.__('Running');
    case 'UNSPECIFIED':
      return '—';
    default:
      return state;
  }
}

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
        className={['jp-MlflowSidebar-traceTable', stale ? 'jp-mod-stale' : '']
          .join(' ')
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
              <TraceRow trace={row.trace} now={now} />
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
      <div className="jp-MlflowSidebar-paneHeader">
        <h3 className="jp-MlflowSidebar-paneTitle" title={title}>
          {trans.__('Traces')}
          {title && (
            <span className="jp-MlflowSidebar-paneSubtitle"> · {title}</span>
          )}
        </h3>
        {followed && (
          <span
            className="jp-MlflowSidebar-followBadge"
            title={trans.__(
              "The active notebook's last traces went to this experiment"
            )}
          >
            <NotebookIcon /> {trans.__('notebook')}
          </span>
        )}
        {(props.waitingForTraces ||
          (traces.loading === 'first' && traces.loaded)) && (
          <span
            className="jp-MlflowSidebar-spinner"
            aria-label={trans.__('Updating')}
          />
        )}
        {experimentId !== null && (
          <button
            type="button"
            className="jp-MlflowSidebar-iconButton"
            title={trans.__('Refresh the traces')}
            aria-label={trans.__('Refresh the traces')}
            onClick={props.onReload}
          >
            <RefreshIcon />
          </button>
        )}
      </div>
      {experimentId !== null && (
        <div className="jp-MlflowSidebar-controls">
          <SearchBox
            value={query.text}
            onChange={text => onQuery({ text })}
            placeholder={
              traces.info === 'exact-name'
                ? trans.__('Exact trace name')
                : trans.__('Search traces')
            }
            label={trans.__('Search traces')}
            title={
              traces.info === 'exact-name'
                ? trans.__('MLflow 2 server: matches the exact trace name')
                : trans.__(
                    'Matches trace names, inputs, outputs and span content (case-insensitive; %% and _ are wildcards)'
                  )
            }
          />
          <select
            className="jp-MlflowSidebar-select"
            aria-label={trans.__('Filter traces by status')}
            title={trans.__('Filter traces by status')}
            value={query.status}
            onChange={event =>
              onQuery({ status: event.target.value as TraceStatusFilter })
            }
          >
            {statusOptions(trans).map(o => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
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
    </section>
  );
}

function arrow(mark: 'ascending' | 'descending' | 'none'): string {
  return mark === 'ascending' ? ' ↑' : mark === 'descending' ? ' ↓' : '';
}

/**
 * Two lines, so the name gets the sidebar's width: name and status above;
 * request preview (or the id), start, duration and tokens below, in the
 * columns of the header.
 */
function TraceRow(props: { trace: ITraceSummary; now: number }): JSX.Element {
  const t = props.trace;
  const trans = useTrans();
  const { title, preview } = traceLabel(trans, t);
  const tokens = summaryTokens(t);
  return (
    <>
      <span className="jp-MlflowSidebar-traceLine">
        <span
          className="jp-MlflowSidebar-traceName"
          title={[title, preview, t.traceId]
            .filter(Boolean)
            .map(revealInvisibleText)
            .join('\n')}
        >
          <RevealedText text={title} />
        </span>
        <span
          className={`jp-MlflowSidebar-traceStatus jp-mod-${t.state.toLowerCase()}`}
          title={trans.__('Status: %1', t.state)}
        >
          <span className="jp-MlflowSidebar-statusMark" aria-hidden="true" />
          <span className="jp-MlflowSidebar-statusLabel">
            {statusLabel(trans, t.state)}
          </span>
        </span>
      </span>
      <span className="jp-MlflowSidebar-traceFacts">
        <span className="jp-MlflowSidebar-tracePreview">
          <RevealedText
            text={preview || (title !== t.traceId ? t.traceId : '')}
          />
        </span>
        <span
          className="jp-MlflowSidebar-muted jp-MlflowSidebar-traceStart"
          title={formatExactTime(trans, t.startMs)}
        >
          {formatRelativeTime(trans, t.startMs, props.now)}
        </span>
        <span className="jp-MlflowSidebar-num jp-MlflowSidebar-traceDuration">
          {t.timeIssue ? (
            <TimeIssueMark issue={t.timeIssue} subject="trace" />
          ) : t.state === 'IN_PROGRESS' && !t.durationMs ? (
            '…'
          ) : (
            // Search results carry whole milliseconds.
            formatDuration(t.durationMs, 'ms')
          )}
        </span>
        <span
          className="jp-MlflowSidebar-num jp-MlflowSidebar-tokensColumn"
          title={
            tokens === null
              ? trans.__('No token usage recorded')
              : trans._n(
                  '%2 token',
                  '%2 tokens',
                  tokens,
                  tokens.toLocaleString()
                )
          }
        >
          {formatTokens(tokens)}
        </span>
      </span>
    </>
  );
}
