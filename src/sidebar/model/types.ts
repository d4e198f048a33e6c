/**
 * The sidebar's state as views read it, and the server access it is given.
 * Types and defaults only: start-up code may import them without loading the
 * model (src/sidebar/lazy.ts).
 */
import type {
  ExperimentOrder,
  IExperimentsQuery,
  IServerStatus,
  ITraceSearchBody,
  ITracesQuery,
  TraceOrder,
  TraceStatusFilter
} from '../../api';
import type { IExperimentSummary } from '../../model/experiments';
import type { ITraceSummary } from '../../model/types';
import type { IPagedState } from '../query/pagedQuery';
import type { TraceMarks } from './marks';

/**
 * Server access, injected (the plugin passes the real REST client). `store`
 * (also in the queries): a notebook kernel's local store, read by the server
 * for that request only; absent: the configured tracking store.
 */
export interface ISidebarApi {
  status(force: boolean, store?: string): Promise<IServerStatus>;
  searchExperiments(
    query: IExperimentsQuery,
    signal: AbortSignal
  ): Promise<unknown>;
  fetchExperiment(experimentId: string, store?: string): Promise<unknown>;
  searchTraces(
    experimentId: string,
    query: ITracesQuery,
    signal: AbortSignal
  ): Promise<ITraceSearchBody>;
}

/**
 * The tracking store the active notebook's kernel reports, when it is not the
 * server's. `local`: a sqlite file or store folder the server may read for the
 * sidebar; `http`: another tracking server (never contacted: a browser link);
 * `unsupported`: a database server or Databricks, which the server does not read.
 */
export interface INotebookStore {
  uri: string;
  kind: 'local' | 'http' | 'unsupported';
}

export type ConnectionState =
  | { kind: 'loading' }
  | { kind: 'ok'; status: IServerStatus }
  /** Server extension answered, tracking server did not (status.reason says why). */
  | { kind: 'unreachable'; status: IServerStatus }
  /** The server extension itself failed or is missing. */
  | { kind: 'error'; message: string; missingServerExtension: boolean };

/** How the server matched a trace text filter (MLflow 2: exact trace name only). */
export type TextFilterKind = 'full-text' | 'exact-name';

export type IPagedList<T> = IPagedState<T, unknown>;

export interface IExperimentQueryState {
  search: string;
  orderBy: ExperimentOrder;
}

export interface ITraceQueryState {
  status: TraceStatusFilter;
  text: string;
  orderBy: TraceOrder;
}

export interface ISidebarState {
  /** The kernel store being browsed instead of the server's; null: the server's. */
  browsing: string | null;
  /** The active notebook kernel's store when it differs from the server's. */
  notebookStore: INotebookStore | null;
  connection: ConnectionState;
  /** Frontend and server extension versions differ. */
  versionWarning: string | null;
  experimentQuery: IExperimentQueryState;
  experiments: IPagedState<IExperimentSummary>;
  selectedExperimentId: string | null;
  /** The selected experiment, also when it is not in the loaded list. */
  selectedExperiment: IExperimentSummary | null;
  /** The experiment the active notebook's last traces went to. */
  followedExperimentId: string | null;
  traceQuery: ITraceQueryState;
  /** `info`: how the server matched `text`. */
  traces: IPagedState<ITraceSummary, TextFilterKind>;
  /** Looking again after a notebook produced traces that are not listed yet. */
  waitingForTraces: boolean;
  /** The loaded traces shown grouped by conversation (`mlflow.trace.session`). */
  groupBySession: boolean;
  /** Traces marked to compare (marks.ts): at most two, in marking order. */
  marked: TraceMarks;
}

export const DEFAULT_EXPERIMENT_QUERY: IExperimentQueryState = {
  search: '',
  orderBy: 'last_update_time DESC'
};

export const DEFAULT_TRACE_QUERY: ITraceQueryState = {
  status: '',
  text: '',
  orderBy: 'timestamp_ms DESC'
};
