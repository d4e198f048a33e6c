/**
 * The MLflow sidebar: connection header, experiments, traces of the
 * selected experiment. `SidebarView` is pure (state in, callbacks out);
 * `SidebarContainer` connects it to a `SidebarModel`.
 */
import React from 'react';

import type { ISession } from '../../model/sessions';
import type { ITraceSummary } from '../../model/types';
import { ConnectionHeader } from './ConnectionHeader';
import { ExperimentPane } from './ExperimentPane';
import type { SidebarModel } from '../../sidebar/model/sidebarModel';
import type {
  IExperimentQueryState,
  ISidebarState,
  ITraceQueryState
} from '../../sidebar/model/types';
import { StoreSwitch } from './StoreSwitch';
import { TracePane } from './TracePane';

export interface ISidebarCallbacks {
  onRetry: () => void;
  /** Browse a notebook kernel's local store, or the server's store again (null). */
  onBrowseStore: (uri: string | null) => void;
  onOpenSettings?: () => void;
  onExperimentQuery: (patch: Partial<IExperimentQueryState>) => void;
  onSelectExperiment: (experimentId: string) => void;
  onLoadMoreExperiments: () => void;
  onReloadExperiments: () => void;
  onRetryMoreExperiments: () => void;
  onTraceQuery: (patch: Partial<ITraceQueryState>) => void;
  onOpenTrace: (trace: ITraceSummary) => void;
  onGroupBySession: (on: boolean) => void;
  onOpenSession: (session: ISession) => void;
  onToggleMark: (trace: ITraceSummary) => void;
  onClearMarks: () => void;
  /** Open two traces side by side; without it, traces are not marked. */
  onCompare?: (a: ITraceSummary, b: ITraceSummary) => void;
  onLoadMoreTraces: () => void;
  onReloadTraces: () => void;
  onRetryMoreTraces: () => void;
}

export interface ISidebarViewProps extends ISidebarCallbacks {
  state: ISidebarState;
}

export function SidebarView(props: ISidebarViewProps): JSX.Element {
  const { state } = props;
  const connected = state.connection.kind === 'ok';
  return (
    <div className="jp-MlflowSidebar-body">
      <ConnectionHeader
        connection={state.connection}
        versionWarning={state.versionWarning}
        onRetry={props.onRetry}
        onOpenSettings={props.onOpenSettings}
      />
      <StoreSwitch
        browsing={state.browsing}
        notebookStore={state.notebookStore}
        onBrowse={props.onBrowseStore}
      />
      <ExperimentPane
        connected={connected}
        query={state.experimentQuery}
        experiments={state.experiments}
        selectedExperimentId={state.selectedExperimentId}
        followedExperimentId={state.followedExperimentId}
        onQuery={props.onExperimentQuery}
        onSelect={props.onSelectExperiment}
        onLoadMore={props.onLoadMoreExperiments}
        onRetry={props.onReloadExperiments}
        onRetryMore={props.onRetryMoreExperiments}
      />
      <TracePane
        connected={connected}
        down={
          state.connection.kind === 'unreachable' ||
          state.connection.kind === 'error'
        }
        experimentId={state.selectedExperimentId}
        experiment={state.selectedExperiment}
        followedExperimentId={state.followedExperimentId}
        query={state.traceQuery}
        traces={state.traces}
        waitingForTraces={state.waitingForTraces}
        groupBySession={state.groupBySession}
        onQuery={props.onTraceQuery}
        onGroupBySession={props.onGroupBySession}
        onOpenTrace={props.onOpenTrace}
        onOpenSession={props.onOpenSession}
        marked={state.marked}
        onToggleMark={props.onToggleMark}
        onClearMarks={props.onClearMarks}
        // The comparison reads the configured server's traces: a kernel's
        // own store is not compared from here.
        onCompare={state.browsing === null ? props.onCompare : undefined}
        onLoadMore={props.onLoadMoreTraces}
        onReload={props.onReloadTraces}
        onRetryMore={props.onRetryMoreTraces}
      />
    </div>
  );
}

export interface ISidebarContainerProps {
  model: SidebarModel;
  onOpenTrace: (trace: ITraceSummary) => void;
  onOpenSession: (session: ISession) => void;
  onOpenSettings?: () => void;
  onCompare?: (a: ITraceSummary, b: ITraceSummary) => void;
}

/** Renders the model's snapshots; callbacks are stable across renders. */
export function SidebarContainer(props: ISidebarContainerProps): JSX.Element {
  const { model } = props;
  const state = React.useSyncExternalStore(model.subscribe, model.getSnapshot);
  const outer = React.useRef(props);
  outer.current = props;
  const callbacks = React.useMemo<ISidebarCallbacks>(
    () => ({
      onRetry: () => void model.refresh(),
      onBrowseStore: uri => void model.browseStore(uri),
      onOpenSettings: () => outer.current.onOpenSettings?.(),
      onExperimentQuery: patch => model.setExperimentQuery(patch),
      onSelectExperiment: id => model.selectExperiment(id),
      onLoadMoreExperiments: () => void model.loadMoreExperiments(),
      onReloadExperiments: () => void model.reloadExperiments(),
      onRetryMoreExperiments: () => void model.retryMoreExperiments(),
      onTraceQuery: patch => model.setTraceQuery(patch),
      onOpenTrace: trace => outer.current.onOpenTrace(trace),
      onGroupBySession: on => model.setGroupBySession(on),
      onOpenSession: session => outer.current.onOpenSession(session),
      onToggleMark: trace => model.toggleMark(trace),
      onClearMarks: () => model.clearMarks(),
      onCompare: (a, b) => outer.current.onCompare?.(a, b),
      onLoadMoreTraces: () => void model.loadMoreTraces(),
      onReloadTraces: () => void model.reloadTraces(),
      onRetryMoreTraces: () => void model.retryMoreTraces()
    }),
    [model]
  );
  return (
    <SidebarView
      state={state}
      {...callbacks}
      onOpenSettings={
        props.onOpenSettings ? callbacks.onOpenSettings : undefined
      }
      onCompare={props.onCompare ? callbacks.onCompare : undefined}
    />
  );
}
