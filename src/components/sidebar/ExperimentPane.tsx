/**
 * Experiments of the tracking server: search, sort, infinite paging.
 */
import React from 'react';

import type { ExperimentOrder } from '../../api';
import type { IExperimentSummary } from '../../model/experiments';
import type {
  IExperimentQueryState,
  IPagedList
} from '../../sidebar/model/types';
import { RevealedText } from '../RevealedText';
import { revealInvisibleText } from '../state/format';
import { NotebookIcon, PaneMessage, SearchBox, useNow } from './controls';
import { formatExactTime, formatRelativeTime } from './state';
import { VirtualList } from './VirtualList';

export const EXPERIMENT_ROW_HEIGHT = 28;

export const EXPERIMENT_ORDERS: { value: ExperimentOrder; label: string }[] = [
  { value: 'last_update_time DESC', label: 'Updated' },
  { value: 'creation_time DESC', label: 'Created' },
  { value: 'name ASC', label: 'A–Z' },
  { value: 'name DESC', label: 'Z–A' }
];

export interface IExperimentPaneProps {
  connected: boolean;
  query: IExperimentQueryState;
  experiments: IPagedList<IExperimentSummary>;
  selectedExperimentId: string | null;
  followedExperimentId: string | null;
  onQuery: (patch: Partial<IExperimentQueryState>) => void;
  onSelect: (experimentId: string) => void;
  onLoadMore: () => void;
  onRetry: () => void;
  onRetryMore: () => void;
}

export function ExperimentPane(props: IExperimentPaneProps): JSX.Element {
  const { experiments, query, onQuery, onSelect } = props;
  const now = useNow();
  const selectedIndex = experiments.items.findIndex(
    e => e.experimentId === props.selectedExperimentId
  );
  const [active, setActive] = React.useState(-1);
  const activeIndex =
    active >= 0 && active < experiments.items.length ? active : selectedIndex;

  let body: React.ReactNode;
  if (!props.connected) {
    body = (
      <PaneMessage
        kind="info"
        title="No experiments to show"
        detail="The tracking server is not connected: see above."
      />
    );
  } else if (!experiments.loaded && experiments.error) {
    body = (
      <PaneMessage
        kind="error"
        title="Experiments could not be loaded"
        detail={experiments.error}
        action={{ label: 'Retry', onClick: props.onRetry }}
      />
    );
  } else if (!experiments.loaded) {
    body = <PaneMessage kind="loading" title="Loading experiments…" />;
  } else if (experiments.items.length === 0) {
    body = query.search ? (
      <PaneMessage
        kind="empty"
        title={`No experiment matches “${query.search}”`}
        detail="Names are matched case-insensitively, anywhere in the name."
        action={{
          label: 'Clear the search',
          onClick: () => onQuery({ search: '' })
        }}
      />
    ) : (
      <PaneMessage
        kind="empty"
        title="No experiments on this tracking server yet"
        detail={
          <>
            Create one from a notebook with{' '}
            <code>mlflow.set_experiment(&quot;my-agent&quot;)</code>, then
            refresh.
          </>
        }
        action={{ label: 'Refresh', onClick: props.onRetry }}
      />
    );
  } else {
    body = (
      <VirtualList
        items={experiments.items}
        rowHeight={EXPERIMENT_ROW_HEIGHT}
        getKey={e => e.experimentId}
        idPrefix="jp-MlflowSidebar-experiment"
        ariaLabel="Experiments"
        className="jp-MlflowSidebar-experimentList"
        activeIndex={activeIndex}
        onActiveChange={setActive}
        onActivate={i => onSelect(experiments.items[i].experimentId)}
        onEndReached={props.onLoadMore}
        canLoadMore={
          experiments.loading === 'idle' &&
          !!experiments.nextPageToken &&
          !experiments.error
        }
        rowClassName={e =>
          (e.experimentId === props.selectedExperimentId
            ? 'jp-mod-selected'
            : '') +
          (e.experimentId === props.followedExperimentId
            ? ' jp-mod-followed'
            : '')
        }
        renderRow={e => (
          <ExperimentRow
            experiment={e}
            now={now}
            followed={e.experimentId === props.followedExperimentId}
          />
        )}
        footer={
          <ListFooter
            loadingMore={experiments.loading === 'more'}
            error={experiments.loaded ? experiments.error : null}
            onRetry={props.onRetryMore}
            what="experiments"
          />
        }
      />
    );
  }

  return (
    <section
      className="jp-MlflowSidebar-pane jp-MlflowSidebar-experiments"
      aria-label="Experiments"
    >
      <div className="jp-MlflowSidebar-paneHeader">
        <h3 className="jp-MlflowSidebar-paneTitle">Experiments</h3>
        {experiments.loading === 'first' && experiments.loaded && (
          <span className="jp-MlflowSidebar-spinner" aria-label="Updating" />
        )}
      </div>
      <div className="jp-MlflowSidebar-controls">
        <SearchBox
          value={query.search}
          onChange={search => onQuery({ search })}
          placeholder="Search experiments"
          label="Search experiments by name"
        />
        <select
          className="jp-MlflowSidebar-select"
          aria-label="Sort experiments"
          title="Sort experiments"
          value={query.orderBy}
          onChange={event =>
            onQuery({ orderBy: event.target.value as ExperimentOrder })
          }
        >
          {EXPERIMENT_ORDERS.map(o => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      {body}
    </section>
  );
}

function ExperimentRow(rowProps: {
  experiment: IExperimentSummary;
  now: number;
  followed: boolean;
}): JSX.Element {
  const e = rowProps.experiment;
  const time = e.lastUpdateTime ?? e.creationTime;
  return (
    <>
      <span
        className="jp-MlflowSidebar-experimentName"
        title={revealInvisibleText(`${e.name} (id ${e.experimentId})`)}
      >
        <RevealedText text={e.name} />
      </span>
      {rowProps.followed && (
        <span
          className="jp-MlflowSidebar-followBadge"
          title="The active notebook's last traces went to this experiment"
        >
          <NotebookIcon />
        </span>
      )}
      <span
        className="jp-MlflowSidebar-muted"
        title={`Last updated ${formatExactTime(time)}`}
      >
        {formatRelativeTime(time, rowProps.now)}
      </span>
    </>
  );
}

/** Below a list: loading the next page, or why it failed with a retry. */
export function ListFooter(props: {
  loadingMore: boolean;
  error: string | null;
  onRetry: () => void;
  what: string;
}): JSX.Element | null {
  if (props.error) {
    return (
      <div className="jp-MlflowSidebar-listFooter jp-mod-error" role="alert">
        <span>
          More {props.what} could not be loaded: {props.error}
        </span>
        <button
          type="button"
          className="jp-MlflowSidebar-button"
          onClick={props.onRetry}
        >
          Retry
        </button>
      </div>
    );
  }
  if (props.loadingMore) {
    return (
      <div className="jp-MlflowSidebar-listFooter" role="status">
        <span className="jp-MlflowSidebar-spinner" aria-hidden="true" /> Loading
        more {props.what}…
      </div>
    );
  }
  return null;
}
