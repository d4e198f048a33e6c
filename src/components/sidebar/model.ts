/**
 * State and data loading of the sidebar: connection, experiments, traces.
 *
 * Plain TypeScript: the server calls come in through `ISidebarApi`, views
 * read immutable snapshots (`getSnapshot`, `subscribe`), so it runs the same
 * under vitest as in JupyterLab. MLflow's formats are read by the trace
 * model only (`experimentsFromSearch`, `summariesFromSearch`).
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
import {
  experimentsFromSearch,
  type IExperimentSummary,
  parseExperiment
} from '../../model/experiments';
import { summariesFromSearch } from '../../model/info';
import type { ITraceSummary } from '../../model/types';
import {
  MISSING_SERVER_EXTENSION,
  mergeNewestFirst,
  REFRESH_RETRY_DELAYS_MS,
  versionMismatch
} from './state';

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

/** An error as thrown by the REST client (`ApiError`) or anything else. */
interface IErrorLike {
  message?: string;
  kind?: string;
  status?: number;
}

export type ConnectionState =
  | { kind: 'loading' }
  | { kind: 'ok'; status: IServerStatus }
  /** Server extension answered, tracking server did not (status.reason says why). */
  | { kind: 'unreachable'; status: IServerStatus }
  /** The server extension itself failed or is missing. */
  | { kind: 'error'; message: string; missingServerExtension: boolean };

export interface IPagedList<T> {
  items: readonly T[];
  /** null: no more pages. */
  nextPageToken: string | null;
  /** `first`: (re)loading from the first page; `more`: appending a page. */
  loading: 'idle' | 'first' | 'more';
  /** Message of the last failure (first page or more). */
  error: string | null;
  /** At least one page arrived for the current query. */
  loaded: boolean;
  /** When the list last matched the store (Date.now()); null before. */
  updatedAtMs: number | null;
}

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
  experiments: IPagedList<IExperimentSummary>;
  selectedExperimentId: string | null;
  /** The selected experiment, also when it is not in the loaded list. */
  selectedExperiment: IExperimentSummary | null;
  /** The experiment the active notebook's last traces went to. */
  followedExperimentId: string | null;
  traceQuery: ITraceQueryState;
  traces: IPagedList<ITraceSummary> & {
    /** How the server matched `text` (MLflow 2: exact trace name only). */
    textFilter: 'full-text' | 'exact-name' | null;
    /** A refresh that keeps the list failed (the list stays as it was). */
    refreshError: string | null;
  };
  /** Retrying after a notebook produced traces that are not listed yet. */
  waitingForTraces: boolean;
}

export interface ISidebarModelOptions {
  api: ISidebarApi;
  frontendVersion: string;
  pageSize?: number;
  /** Delays between looks for traces a notebook just produced. */
  retryDelaysMs?: number[];
}

/** Looks at IN_PROGRESS traces: every 5 s, for at most 2 minutes per list. */
export const IN_PROGRESS_POLL_MS = 5000;
export const MAX_IN_PROGRESS_POLLS = 24;

/** A list that fails as unreachable re-checks the connection, at most this often. */
const RECHECK_AFTER_MS = 5000;

const EMPTY_LIST = {
  items: [],
  nextPageToken: null,
  loading: 'idle' as const,
  error: null,
  loaded: false,
  updatedAtMs: null
};

export const DEFAULT_EXPERIMENT_QUERY: IExperimentQueryState = {
  search: '',
  orderBy: 'last_update_time DESC'
};

export const DEFAULT_TRACE_QUERY: ITraceQueryState = {
  status: '',
  text: '',
  orderBy: 'timestamp_ms DESC'
};

function messageOf(error: unknown): string {
  const e = error as IErrorLike;
  return (e && typeof e.message === 'string' && e.message) || String(error);
}

function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error as Error)?.name === 'AbortError';
}

export class SidebarModel {
  constructor(options: ISidebarModelOptions) {
    this._api = options.api;
    this._frontendVersion = options.frontendVersion;
    this._pageSize = options.pageSize ?? 100;
    this._retryDelays = options.retryDelaysMs ?? REFRESH_RETRY_DELAYS_MS;
    this._state = {
      browsing: null,
      notebookStore: null,
      connection: { kind: 'loading' },
      versionWarning: null,
      experimentQuery: DEFAULT_EXPERIMENT_QUERY,
      experiments: EMPTY_LIST,
      selectedExperimentId: null,
      selectedExperiment: null,
      followedExperimentId: null,
      traceQuery: DEFAULT_TRACE_QUERY,
      traces: { ...EMPTY_LIST, textFilter: null, refreshError: null },
      waitingForTraces: false
    };
  }

  // ------------------------------------------------------------ store

  getSnapshot = (): ISidebarState => this._state;

  subscribe = (listener: () => void): (() => void) => {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  };

  get isDisposed(): boolean {
    return this._disposed;
  }

  dispose(): void {
    this._disposed = true;
    this._cancelRetries();
    this._cancelPoll(true);
    this._experimentsAbort?.abort();
    this._tracesAbort?.abort();
    this._listeners.clear();
  }

  set pageSize(value: number) {
    this._pageSize = Math.max(1, Math.min(500, Math.round(value)));
  }

  private _set(patch: Partial<ISidebarState>): void {
    if (this._disposed) {
      return;
    }
    this._state = { ...this._state, ...patch };
    for (const listener of [...this._listeners]) {
      listener();
    }
  }

  // ------------------------------------------------------------ connection

  /** Check the connection; on success (re)load experiments and traces. */
  async connect(force = true): Promise<void> {
    const generation = ++this._connectGeneration;
    this._connectStartedMs = Date.now();
    if (this._state.connection.kind !== 'ok') {
      this._set({ connection: { kind: 'loading' } });
    }
    let status: IServerStatus;
    try {
      status = await this._api.status(force, this._store());
    } catch (error) {
      if (generation !== this._connectGeneration) {
        return;
      }
      const missing =
        (error as IErrorLike)?.kind === 'missing-server-extension';
      this._set({
        connection: {
          kind: 'error',
          message: missing ? MISSING_SERVER_EXTENSION : messageOf(error),
          missingServerExtension: missing
        }
      });
      return;
    }
    if (generation !== this._connectGeneration) {
      return;
    }
    this._set({
      connection: status.reachable
        ? { kind: 'ok', status }
        : { kind: 'unreachable', status },
      versionWarning: versionMismatch(this._frontendVersion, status)
    });
    if (status.reachable) {
      await Promise.all([
        this.reloadExperiments(),
        this._reloadOrMergeTraces()
      ]);
    }
  }

  /** Retry button and refresh command: everything again, keeping the places. */
  refresh(): Promise<void> {
    return this.connect(true);
  }

  // ------------------------------------------------------------ which store

  /** What the active notebook's kernel logs to, when it is not the server's store. */
  setNotebookStore(store: INotebookStore | null): void {
    const now = this._state.notebookStore;
    if (now?.uri !== store?.uri || now?.kind !== store?.kind) {
      this._set({ notebookStore: store });
    }
  }

  /**
   * Browse a notebook kernel's local store (`uri`), or the server's own store
   * again (null). The server's configuration is not changed: every request
   * names the store.
   */
  browseStore(uri: string | null): Promise<void> {
    if (uri === this._state.browsing) {
      return Promise.resolve();
    }
    this._cancelRetries();
    this._cancelPoll(true);
    this._experimentsAbort?.abort();
    this._tracesAbort?.abort();
    this._pinnedByUser = false;
    this._set({
      browsing: uri,
      connection: { kind: 'loading' },
      experiments: EMPTY_LIST,
      selectedExperimentId: null,
      selectedExperiment: null,
      followedExperimentId: null,
      traces: { ...EMPTY_LIST, textFilter: null, refreshError: null }
    });
    return this.connect(true);
  }

  private _store(): string | undefined {
    return this._state.browsing ?? undefined;
  }

  // ------------------------------------------------------------ experiments

  setExperimentQuery(patch: Partial<IExperimentQueryState>): void {
    const next = { ...this._state.experimentQuery, ...patch };
    if (
      next.search === this._state.experimentQuery.search &&
      next.orderBy === this._state.experimentQuery.orderBy
    ) {
      return;
    }
    this._set({ experimentQuery: next });
    void this.reloadExperiments();
  }

  reloadExperiments(): Promise<void> {
    return this._loadExperiments(false);
  }

  loadMoreExperiments(): Promise<void> {
    const list = this._state.experiments;
    if (list.loading !== 'idle' || !list.nextPageToken || list.error) {
      return Promise.resolve();
    }
    return this._loadExperiments(true);
  }

  private async _loadExperiments(more: boolean): Promise<void> {
    if (this._state.connection.kind !== 'ok') {
      return;
    }
    this._experimentsAbort?.abort();
    const abort = new AbortController();
    this._experimentsAbort = abort;
    const query = this._state.experimentQuery;
    const current = this._state.experiments;
    this._set({
      experiments: {
        ...current,
        items: more ? current.items : current.loaded ? current.items : [],
        loading: more ? 'more' : 'first',
        error: null
      }
    });
    try {
      const body = await this._api.searchExperiments(
        {
          store: this._store(),
          search: query.search.trim() || undefined,
          orderBy: query.orderBy,
          maxResults: this._pageSize,
          pageToken: more ? (current.nextPageToken ?? undefined) : undefined
        },
        abort.signal
      );
      if (abort.signal.aborted) {
        return;
      }
      const page = experimentsFromSearch(body);
      const items = more
        ? [...current.items, ...page.experiments]
        : page.experiments;
      this._set({
        experiments: {
          items,
          // An empty page ends the list even when it carries a token.
          nextPageToken: page.experiments.length
            ? (page.nextPageToken ?? null)
            : null,
          loading: 'idle',
          error: null,
          loaded: true,
          updatedAtMs: Date.now()
        },
        selectedExperiment:
          this._findExperiment(items) ?? this._state.selectedExperiment
      });
    } catch (error) {
      if (isAbort(error, abort.signal)) {
        return;
      }
      this._set({
        experiments: {
          ...this._state.experiments,
          loading: 'idle',
          error: messageOf(error),
          loaded: more ? this._state.experiments.loaded : false,
          items: more ? this._state.experiments.items : []
        }
      });
      this._recheckIfDown(error);
    }
  }

  private _findExperiment(
    items: readonly IExperimentSummary[]
  ): IExperimentSummary | undefined {
    const id = this._state.selectedExperimentId;
    return id === null ? undefined : items.find(e => e.experimentId === id);
  }

  /** The user picked an experiment: it stays until the user picks another. */
  selectExperiment(experimentId: string | null): void {
    this._pinnedByUser = experimentId !== null;
    this._select(experimentId);
  }

  private _select(experimentId: string | null): void {
    if (experimentId === this._state.selectedExperimentId) {
      return;
    }
    this._cancelRetries();
    this._cancelPoll(true);
    const found =
      experimentId === null
        ? null
        : (this._state.experiments.items.find(
            e => e.experimentId === experimentId
          ) ?? null);
    this._set({
      selectedExperimentId: experimentId,
      selectedExperiment: found,
      traces: { ...EMPTY_LIST, textFilter: null, refreshError: null },
      waitingForTraces: false
    });
    if (experimentId !== null && !found) {
      void this._fetchSelectedExperiment(experimentId);
    }
    void this.reloadTraces();
  }

  private async _fetchSelectedExperiment(experimentId: string): Promise<void> {
    try {
      const body = await this._api.fetchExperiment(experimentId, this._store());
      const exp = parseExperiment(
        (body as { experiment?: unknown })?.experiment ?? body
      );
      if (exp && this._state.selectedExperimentId === experimentId) {
        this._set({ selectedExperiment: exp });
      }
    } catch {
      // The trace list shows the failure, if any; the header keeps the id.
    }
  }

  // ------------------------------------------------------------ following a notebook

  /**
   * The active notebook's traces went to `experimentId`: highlight it, and
   * show it unless the user picked another experiment by hand.
   */
  followExperiment(experimentId: string | null): void {
    const state = this._state;
    if (
      experimentId !== null &&
      state.connection.kind === 'ok' &&
      state.experiments.loaded &&
      state.experiments.loading === 'idle' &&
      !state.experiments.items.some(e => e.experimentId === experimentId)
    ) {
      // Likely created by the notebook just now: list it.
      void this.reloadExperiments();
    }
    if (experimentId === this._state.followedExperimentId) {
      if (experimentId !== null && !this._pinnedByUser) {
        this._select(experimentId);
      }
      return;
    }
    this._set({ followedExperimentId: experimentId });
    if (experimentId !== null && !this._pinnedByUser) {
      this._select(experimentId);
    }
  }

  /**
   * A notebook cell produced traces (in `experimentId` when known): look
   * for them now and again after short delays, as MLflow exports traces
   * asynchronously. Stops once every id in `traceIds` is listed, or, without
   * ids, once the list changed.
   */
  refreshAfterExecution(
    experimentId: string | null,
    traceIds: string[] = []
  ): void {
    if (experimentId !== null) {
      this.followExperiment(experimentId);
    }
    const selected = this._state.selectedExperimentId;
    if (
      selected === null ||
      (experimentId !== null && experimentId !== selected)
    ) {
      return;
    }
    if (this._state.connection.kind !== 'ok') {
      void this.connect(true);
      return;
    }
    this._cancelRetries();
    this._cancelPoll(true);
    const before = this._state.traces.items[0]?.traceId ?? null;
    const wanted = new Set(traceIds);
    // MLflow 3 lists a trace as IN_PROGRESS (no name, no duration) as soon as
    // it starts; it is done once finalized.
    const done = (): boolean => {
      const listed = this._state.traces.items;
      if (wanted.size > 0) {
        const byId = new Map(listed.map(t => [t.traceId, t]));
        return [...wanted].every(
          id => byId.has(id) && byId.get(id)!.state !== 'IN_PROGRESS'
        );
      }
      const first = listed[0];
      return (
        (first?.traceId ?? null) !== before && first?.state !== 'IN_PROGRESS'
      );
    };
    let attempt = 0;
    const token = ++this._retryToken;
    const step = async (): Promise<void> => {
      if (token !== this._retryToken || this._disposed) {
        return;
      }
      await this._reloadOrMergeTraces();
      if (token !== this._retryToken) {
        return;
      }
      if (done() || attempt >= this._retryDelays.length) {
        this._retryTimer = null;
        this._retrying = false;
        this._set({ waitingForTraces: false });
        this._pollInProgress();
        return;
      }
      const delay = this._retryDelays[attempt++];
      this._retryTimer = setTimeout(() => void step(), delay);
    };
    this._retrying = true;
    this._set({ waitingForTraces: true });
    void step();
  }

  private _cancelRetries(): void {
    this._retryToken++;
    this._retrying = false;
    if (this._retryTimer !== null) {
      clearTimeout(this._retryTimer);
      this._retryTimer = null;
    }
    if (this._state.waitingForTraces) {
      this._set({ waitingForTraces: false });
    }
  }

  // ------------------------------------------------------------ traces

  setTraceQuery(patch: Partial<ITraceQueryState>): void {
    const next = { ...this._state.traceQuery, ...patch };
    const cur = this._state.traceQuery;
    if (
      next.status === cur.status &&
      next.text === cur.text &&
      next.orderBy === cur.orderBy
    ) {
      return;
    }
    this._cancelRetries();
    this._cancelPoll(true);
    this._set({ traceQuery: next });
    void this.reloadTraces();
  }

  reloadTraces(): Promise<void> {
    return this._loadTraces('first');
  }

  loadMoreTraces(): Promise<void> {
    const list = this._state.traces;
    if (list.loading !== 'idle' || !list.nextPageToken || list.error) {
      return Promise.resolve();
    }
    return this._loadTraces('more');
  }

  /** Retry after a failed "load more". */
  retryMoreTraces(): Promise<void> {
    const list = this._state.traces;
    if (list.loading !== 'idle' || !list.nextPageToken) {
      return Promise.resolve();
    }
    return this._loadTraces('more');
  }

  retryMoreExperiments(): Promise<void> {
    const list = this._state.experiments;
    if (list.loading !== 'idle' || !list.nextPageToken) {
      return Promise.resolve();
    }
    return this._loadExperiments(true);
  }

  /**
   * Refresh that keeps the user's place: newest-first lists get the new
   * traces put on top; other orders reload from the first page.
   */
  private _reloadOrMergeTraces(): Promise<void> {
    const list = this._state.traces;
    const newestFirst = this._state.traceQuery.orderBy === 'timestamp_ms DESC';
    if (
      newestFirst &&
      list.loaded &&
      list.items.length > 0 &&
      list.loading === 'idle'
    ) {
      return this._loadTraces('merge');
    }
    return this._loadTraces('first');
  }

  private async _loadTraces(mode: 'first' | 'more' | 'merge'): Promise<void> {
    const experimentId = this._state.selectedExperimentId;
    if (experimentId === null || this._state.connection.kind !== 'ok') {
      return;
    }
    if (mode === 'merge' && this._state.traces.loading !== 'idle') {
      return;
    }
    this._tracesAbort?.abort();
    const abort = new AbortController();
    this._tracesAbort = abort;
    const query = this._state.traceQuery;
    const current = this._state.traces;
    if (mode !== 'merge') {
      this._set({
        traces: {
          ...current,
          items: mode === 'more' ? current.items : [],
          loaded: mode === 'more' ? current.loaded : false,
          loading: mode === 'more' ? 'more' : 'first',
          error: null,
          refreshError: null
        }
      });
    }
    try {
      const body = await this._api.searchTraces(
        experimentId,
        {
          store: this._store(),
          status: query.status || undefined,
          text: query.text.trim() || undefined,
          orderBy: query.orderBy,
          maxResults: this._pageSize,
          pageToken:
            mode === 'more' ? (current.nextPageToken ?? undefined) : undefined
        },
        abort.signal
      );
      if (
        abort.signal.aborted ||
        experimentId !== this._state.selectedExperimentId
      ) {
        return;
      }
      const page = summariesFromSearch(body);
      const token =
        page.length &&
        typeof body?.next_page_token === 'string' &&
        body.next_page_token
          ? body.next_page_token
          : null;
      const textFilter = body?.text_filter ?? null;
      if (mode === 'merge') {
        const latest = this._state.traces;
        const merged = mergeNewestFirst(latest.items, page);
        this._set({
          traces: {
            ...latest,
            items: merged.items,
            nextPageToken: merged.replaced ? token : latest.nextPageToken,
            refreshError: null,
            textFilter,
            updatedAtMs: Date.now()
          }
        });
        this._pollInProgress();
        return;
      }
      this._set({
        traces: {
          items: mode === 'more' ? [...current.items, ...page] : page,
          nextPageToken: token,
          loading: 'idle',
          error: null,
          loaded: true,
          textFilter,
          refreshError: null,
          updatedAtMs: Date.now()
        }
      });
      this._pollInProgress();
    } catch (error) {
      if (isAbort(error, abort.signal)) {
        return;
      }
      if (mode === 'merge') {
        // Keep what is listed; say why it could not be refreshed.
        this._set({
          traces: { ...this._state.traces, refreshError: messageOf(error) }
        });
        this._recheckIfDown(error);
        return;
      }
      this._set({
        traces: {
          ...this._state.traces,
          loading: 'idle',
          error: messageOf(error)
        }
      });
      this._recheckIfDown(error);
    }
  }

  /**
   * The tracking server stopped answering: check the connection, so the
   * header says so and the lists are marked as not current.
   */
  private _recheckIfDown(error: unknown): void {
    const kind = (error as IErrorLike)?.kind;
    // Once per few seconds: a status that says "reachable" while lists fail
    // must not start a loop of checks.
    if (
      (kind === 'unreachable' || kind === 'network') &&
      Date.now() - this._connectStartedMs > RECHECK_AFTER_MS
    ) {
      void this.connect(true);
    }
  }

  /**
   * Traces listed as IN_PROGRESS (a long agent run, an export under way)
   * are looked at again every few seconds for a while, keeping the list.
   */
  private _pollInProgress(): void {
    if (this._pollTimer !== null || this._retrying || this._disposed) {
      return;
    }
    const running = this._state.traces.items
      .slice(0, 200)
      .some(t => t.state === 'IN_PROGRESS');
    if (!running || this._pollCount >= MAX_IN_PROGRESS_POLLS) {
      return;
    }
    this._pollCount++;
    this._pollTimer = setTimeout(() => {
      this._pollTimer = null;
      void this._reloadOrMergeTraces();
    }, IN_PROGRESS_POLL_MS);
  }

  private _cancelPoll(resetCount: boolean): void {
    if (this._pollTimer !== null) {
      clearTimeout(this._pollTimer);
      this._pollTimer = null;
    }
    if (resetCount) {
      this._pollCount = 0;
    }
  }

  private _api: ISidebarApi;
  private _frontendVersion: string;
  private _pageSize: number;
  private _retryDelays: number[];
  private _state: ISidebarState;
  private _listeners = new Set<() => void>();
  private _disposed = false;
  private _connectGeneration = 0;
  private _connectStartedMs = 0;
  private _experimentsAbort: AbortController | null = null;
  private _tracesAbort: AbortController | null = null;
  private _pinnedByUser = false;
  private _retryToken = 0;
  private _retryTimer: ReturnType<typeof setTimeout> | null = null;
  private _pollTimer: ReturnType<typeof setTimeout> | null = null;
  private _pollCount = 0;
  private _retrying = false;
}
