/**
 * Experiments of the tracking server: search, sort, infinite paging.
 */
import { HTMLSelect, notebookIcon } from '@jupyterlab/ui-components';
import React from 'react';

import type { ExperimentOrder } from '../../api';
import type { IExperimentSummary } from '../../model/experiments';
import type {
  IExperimentQueryState,
  IPagedList
} from '../../sidebar/model/types';
import { TranslationBundle, useTrans, withElements } from '../i18n';
import { RevealedText } from '../RevealedText';
import { revealInvisibleText } from '../state/format';
import { PaneMessage, SearchBox, useNow } from './controls';
import { formatExactTime, formatRelativeTime } from './state';
import { VirtualList } from './VirtualList';

export const EXPERIMENT_ROW_HEIGHT = 28;

function experimentOrders(
  trans: TranslationBundle
): { value: ExperimentOrder; label: string }[] {
  return [
    { value: 'last_update_time DESC', label: trans.__('Updated') },
    { value: 'creation_time DESC', label: trans.__('Created') },
    { value: 'name ASC', label: trans.__('A–Z') },
    { value: 'name DESC', label: trans.__('Z–A') }
  ];
}

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
  const trans = useTrans();
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
        title={trans.__('No experiments to show')}
        detail={trans.__('The tracking server is not connected: see above.')}
      />
    );
  } else if (!experiments.loaded && experiments.error) {
    body = (
      <PaneMessage
        kind="error"
        title={trans.__('Experiments could not be loaded')}
        detail={experiments.error}
        action={{ label: trans.__('Retry'), onClick: props.onRetry }}
      />
    );
  } else if (!experiments.loaded) {
    body = (
      <PaneMessage kind="loading" title={trans.__('Loading experiments…')} />
    );
  } else if (experiments.items.length === 0) {
    body = query.search ? (
      <PaneMessage
        kind="empty"
        title={trans.__('No experiment matches “%1”', query.search)}
        detail={trans.__(
          'Names are matched case-insensitively, anywhere in the name.'
        )}
        action={{
          label: trans.__('Clear the search'),
          onClick: () => onQuery({ search: '' })
        }}
      />
    ) : (
      <PaneMessage
        kind="empty"
        title={trans.__('No experiments on this tracking server yet')}
        detail={withElements(
          trans.__('Create one from a notebook with %1, then refresh.', '%1'),
          // Python code, not words to translate.
          // eslint-disable-next-line jupyter/no-untranslated-string
          <code>mlflow.set_experiment(&quot;my-agent&quot;)</code>
        )}
        action={{ label: trans.__('Refresh'), onClick: props.onRetry }}
      />
    );
  } else {
    body = (
      <VirtualList
        items={experiments.items}
        rowHeight={EXPERIMENT_ROW_HEIGHT}
        getKey={e => e.experimentId}
        idPrefix="jp-MlflowSidebar-experiment"
        ariaLabel={trans.__('Experiments')}
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
      aria-label={trans.__('Experiments')}
    >
      <div className="jp-MlflowSidebar-paneHeader">
        <h3 className="jp-MlflowSidebar-paneTitle">
          {trans.__('Experiments')}
        </h3>
        {experiments.loading === 'first' && experiments.loaded && (
          <span
            className="jp-MlflowSidebar-spinner"
            aria-label={trans.__('Updating')}
          />
        )}
      </div>
      <div className="jp-MlflowSidebar-controls">
        <SearchBox
          value={query.search}
          onChange={search => onQuery({ search })}
          placeholder={trans.__('Search experiments')}
          label={trans.__('Search experiments by name')}
        />
        <HTMLSelect
          className="jp-MlflowSidebar-select"
          aria-label={trans.__('Sort experiments')}
          title={trans.__('Sort experiments')}
          value={query.orderBy}
          onChange={event =>
            onQuery({ orderBy: event.target.value as ExperimentOrder })
          }
          options={experimentOrders(trans)}
        />
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
  const trans = useTrans();
  const time = e.lastUpdateTime ?? e.creationTime;
  return (
    <>
      <span
        className="jp-MlflowSidebar-experimentName"
        title={revealInvisibleText(
          trans.__('%1 (id %2)', e.name, e.experimentId)
        )}
      >
        <RevealedText text={e.name} />
      </span>
      {rowProps.followed && (
        <span
          className="jp-MlflowSidebar-followBadge"
          title={trans.__(
            "The active notebook's last traces went to this experiment"
          )}
        >
          <notebookIcon.react tag="span" className="jp-MlflowSidebar-icon" />
        </span>
      )}
      <span
        className="jp-MlflowSidebar-muted"
        title={trans.__('Last updated %1', formatExactTime(trans, time))}
      >
        {formatRelativeTime(trans, time, rowProps.now)}
      </span>
    </>
  );
}

/** Below a list: loading the next page, or why it failed with a retry. */
export function ListFooter(props: {
  loadingMore: boolean;
  error: string | null;
  onRetry: () => void;
  what: 'experiments' | 'traces';
}): JSX.Element | null {
  const trans = useTrans();
  if (props.error) {
    return (
      <div className="jp-MlflowSidebar-listFooter jp-mod-error" role="alert">
        <span>
          {props.what === 'experiments'
            ? trans.__('More experiments could not be loaded: %1', props.error)
            : trans.__('More traces could not be loaded: %1', props.error)}
        </span>
        <button
          type="button"
          className="jp-MlflowSidebar-button"
          onClick={props.onRetry}
        >
          {trans.__('Retry')}
        </button>
      </div>
    );
  }
  if (props.loadingMore) {
    return (
      <div className="jp-MlflowSidebar-listFooter" role="status">
        <span className="jp-MlflowSidebar-spinner" aria-hidden="true" />{' '}
        {props.what === 'experiments'
          ? trans.__('Loading more experiments…')
          : trans.__('Loading more traces…')}
      </div>
    );
  }
  return null;
}
