/**
 * Traces of the selected experiment: filters, sortable columns, a
 * virtualized list with infinite paging. A click opens the trace.
 */
import React from 'react';

import type { TraceOrder, TraceStatusFilter } from '../../api';
import type { IExperimentSummary } from '../../model/experiments';
import type { ITraceSummary } from '../../model/types';
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
import { VirtualList } from './VirtualList';

/** Two lines: the name over the preview, start, duration and tokens. */
export const TRACE_ROW_HEIGHT = 44;

const STATUS_OPTIONS: { value: TraceStatusFilter; label: string }[] = [
  { value: '', label: 'Any status' },
  { value: 'OK', label: 'OK' },
  { value: 'ERROR', label: 'Error' },
  { value: 'IN_PROGRESS', label: 'In progress' }
];

const STATUS_LABEL: Record<string, string> = {
  OK: 'OK',
  ERROR: 'Error',
  IN_PROGRESS: 'Running',
  UNSPECIFIED: '—'
};

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
  onQuery: (patch: Partial<ITraceQueryState>) => void;
  onOpenTrace: (trace: ITraceSummary) => void;
  onLoadMore: () => void;
  onReload: () => void;
  onRetryMore: () => void;
}

export function TracePane(props: ITracePaneProps): JSX.Element {
  const { traces, query, onQuery, experimentId } = props;
  const now = useNow();
  const [active, setActive] = React.useState(-1);
  React.useEffect(() => setActive(-1), [experimentId, query]);
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
        title="No experiment selected"
        detail={
          props.connected
            ? 'Select an experiment above to list its traces. Running a traced notebook cell selects its experiment.'
            : 'Connect to a tracking server first: see above.'
        }
      />
    );
  } else if (!traces.loaded && props.down) {
    body = (
      <PaneMessage
        kind="info"
        title="Traces not loaded"
        detail="The tracking store is not answering (see above); the traces load when it answers again."
      />
    );
  } else if (!traces.loaded && traces.error) {
    body = (
      <PaneMessage
        kind="error"
        title="Traces could not be loaded"
        detail={traces.error}
        action={{ label: 'Retry', onClick: props.onReload }}
      />
    );
  } else if (!traces.loaded) {
    body = <PaneMessage kind="loading" title="Loading traces…" />;
  } else if (traces.items.length === 0) {
    body = filtered ? (
      <PaneMessage
        kind="empty"
        title="No trace matches these filters"
        detail={
          traces.info === 'exact-name' && query.text
            ? 'This MLflow 2 server matches text against the exact trace name only.'
            : undefined
        }
        action={{
          label: 'Clear filters',
          onClick: () =>
            onQuery({ status: DEFAULT_TRACE_QUERY.status, text: '' })
        }}
      />
    ) : props.waitingForTraces ? (
      <PaneMessage
        kind="loading"
        title="Waiting for the notebook's traces…"
        detail="MLflow exports traces in the background; they appear here in a moment."
      />
    ) : (
      <PaneMessage
        kind="empty"
        title="No traces in this experiment yet"
        detail={
          <>
            Trace a function with <code>@mlflow.trace</code> or turn on
            autologging (for example <code>mlflow.openai.autolog()</code>) and
            run it; the list refreshes after the cell.
          </>
        }
        action={{ label: 'Refresh', onClick: props.onReload }}
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
            Not current: the tracking store is not answering. Listed{' '}
            <span title={formatExactTime(traces.updatedAtMs)}>
              {formatRelativeTime(traces.updatedAtMs, now)}
            </span>
            .
          </div>
        )}
        <div className="jp-MlflowSidebar-traceColumns" role="presentation">
          <span className="jp-MlflowSidebar-traceColumnName">Trace</span>
          <button
            type="button"
            className="jp-MlflowSidebar-sortButton"
            aria-sort={sortMark('time')}
            title="Sort by start time"
            onClick={() => sortBy('time')}
          >
            Started{arrow(sortMark('time'))}
          </button>
          <button
            type="button"
            className="jp-MlflowSidebar-sortButton"
            aria-sort={sortMark('duration')}
            title="Sort by duration"
            onClick={() => sortBy('duration')}
          >
            Duration{arrow(sortMark('duration'))}
          </button>
          <span className="jp-MlflowSidebar-tokensColumn">Tokens</span>
        </div>
        <VirtualList
          items={traces.items}
          rowHeight={TRACE_ROW_HEIGHT}
          getKey={t => t.traceId}
          idPrefix="jp-MlflowSidebar-trace"
          ariaLabel="Traces"
          className="jp-MlflowSidebar-traceList"
          activeIndex={active}
          onActiveChange={setActive}
          onActivate={i => props.onOpenTrace(traces.items[i])}
          onEndReached={props.onLoadMore}
          canLoadMore={
            traces.loading === 'idle' && !!traces.nextPageToken && !traces.error
          }
          rowClassName={t =>
            `jp-MlflowSidebar-traceRow jp-mod-${t.state.toLowerCase()}`
          }
          renderRow={t => <TraceRow trace={t} now={now} />}
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
    (experimentId !== null ? `Experiment ${experimentId}` : '');
  return (
    <section
      className="jp-MlflowSidebar-pane jp-MlflowSidebar-traces"
      aria-label="Traces"
    >
      <div className="jp-MlflowSidebar-paneHeader">
        <h3 className="jp-MlflowSidebar-paneTitle" title={title}>
          Traces
          {title && (
            <span className="jp-MlflowSidebar-paneSubtitle"> · {title}</span>
          )}
        </h3>
        {followed && (
          <span
            className="jp-MlflowSidebar-followBadge"
            title="The active notebook's last traces went to this experiment"
          >
            <NotebookIcon /> notebook
          </span>
        )}
        {(props.waitingForTraces ||
          (traces.loading === 'first' && traces.loaded)) && (
          <span className="jp-MlflowSidebar-spinner" aria-label="Updating" />
        )}
        {experimentId !== null && (
          <button
            type="button"
            className="jp-MlflowSidebar-iconButton"
            title="Refresh the traces"
            aria-label="Refresh the traces"
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
                ? 'Exact trace name'
                : 'Search traces'
            }
            label="Search traces"
            title={
              traces.info === 'exact-name'
                ? 'MLflow 2 server: matches the exact trace name'
                : 'Matches trace names, inputs, outputs and span content (case-insensitive; % and _ are wildcards)'
            }
          />
          <select
            className="jp-MlflowSidebar-select"
            aria-label="Filter traces by status"
            title="Filter traces by status"
            value={query.status}
            onChange={event =>
              onQuery({ status: event.target.value as TraceStatusFilter })
            }
          >
            {STATUS_OPTIONS.map(o => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {traces.refreshError && (
        <div className="jp-MlflowSidebar-listFooter jp-mod-error" role="alert">
          <span>Could not refresh: {traces.refreshError}</span>
          <button
            type="button"
            className="jp-MlflowSidebar-button"
            onClick={props.onReload}
          >
            Retry
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
  const { title, preview } = traceLabel(t);
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
          title={`Status: ${t.state}`}
        >
          <span className="jp-MlflowSidebar-statusMark" aria-hidden="true" />
          <span className="jp-MlflowSidebar-statusLabel">
            {STATUS_LABEL[t.state] ?? t.state}
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
          title={formatExactTime(t.startMs)}
        >
          {formatRelativeTime(t.startMs, props.now)}
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
              ? 'No token usage recorded'
              : `${tokens.toLocaleString()} tokens`
          }
        >
          {formatTokens(tokens)}
        </span>
      </span>
    </>
  );
}
