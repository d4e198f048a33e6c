/**
 * The sidebar's state: which store, its connection (checked by
 * `ConnectionCheck`), the experiments and the traces of the selected one (two
 * `PagedQuery`s), following a notebook, and the traces marked to compare.
 *
 * Plain TypeScript: the server calls come in through `ISidebarApi`, views
 * read immutable snapshots (a `SnapshotStore`), so it runs the same
 * under vitest as in JupyterLab. It loads with the sidebar's lists
 * (src/sidebar/lazy.ts), not at start-up. MLflow's formats are read by the
 * trace model only (`experimentsFromSearch`, `summariesFromSearch`).
 */
import { englishBundle, type TranslationBundle } from '../../components/i18n';
import {
  type IExperimentSummary,
  parseExperiment
} from '../../model/experiments';
import type { ITraceSummary } from '../../model/types';
import { emptyPagedState, type PagedQuery } from '../query/pagedQuery';
import { SnapshotStore } from '../query/snapshotStore';
import { experimentsQuery, type ITracesOf, tracesQuery } from './queries';
import { ConnectionCheck } from './connection';
import { toggleMark } from './marks';
import { TraceWatch, type ILookAgainOptions } from './traceWatch';
import {
  DEFAULT_EXPERIMENT_QUERY,
  DEFAULT_TRACE_QUERY,
  type IExperimentQueryState,
  type INotebookStore,
  type ISidebarApi,
  type ISidebarState,
  type ITraceQueryState,
  type TextFilterKind
} from './types';

export interface ISidebarModelOptions {
  api: ISidebarApi;
  frontendVersion: string;
  /** The words of the messages the model builds; English without it. */
  trans?: TranslationBundle;
  pageSize?: number;
  /** Start with the traces grouped by session (the sidebar's setting). */
  groupBySession?: boolean;
  /** How to look for traces a notebook just produced (traceWatch.ts). */
  lookAgain?: Partial<ILookAgainOptions>;
}

export class SidebarModel extends SnapshotStore<ISidebarState> {
  constructor(options: ISidebarModelOptions) {
    super({
      browsing: null,
      notebookStore: null,
      connection: { kind: 'loading' },
      versionWarning: null,
      experimentQuery: DEFAULT_EXPERIMENT_QUERY,
      experiments: emptyPagedState(),
      selectedExperimentId: null,
      selectedExperiment: null,
      followedExperimentId: null,
      traceQuery: DEFAULT_TRACE_QUERY,
      traces: emptyPagedState(),
      waitingForTraces: false,
      groupBySession: options.groupBySession ?? false,
      marked: []
    });
    this._api = options.api;
    this.pageSize = options.pageSize ?? 100;
    const source = {
      api: this._api,
      store: () => this._store(),
      pageSize: () => this._pageSize,
      onError: (error: unknown) => this._connection.recheckIfDown(error)
    };
    this._connection = new ConnectionCheck({
      status: force => this._api.status(force, this._store()),
      frontendVersion: options.frontendVersion,
      trans: options.trans ?? englishBundle,
      current: () => this._state.connection,
      onState: patch => this.set(patch),
      onReachable: async () => {
        await Promise.all([this.reloadExperiments(), this._traces.refresh()]);
      },
      onDown: () => {
        this._experiments.markStale();
        this._traces.markStale();
      }
    });
    this._experiments = experimentsQuery(source);
    this._traces = tracesQuery(source);
    this._watch = new TraceWatch({
      refresh: () => this._traces.refresh(),
      traces: () => this._traces.state.items,
      onWaiting: waiting => this.set({ waitingForTraces: waiting }),
      lookAgain: options.lookAgain
    });
    this._experiments.setQuery(DEFAULT_EXPERIMENT_QUERY);
    this._experiments.changed.connect((_, experiments) =>
      this.set({
        experiments,
        selectedExperiment:
          this._findExperiment(experiments.items) ??
          this._state.selectedExperiment
      })
    );
    this._traces.changed.connect((_, traces) => {
      this.set({ traces });
      if (traces.loading === 'idle' && traces.loaded) {
        this._watch.pollInProgress();
      }
    });
  }

  dispose(): void {
    super.dispose();
    this._watch.dispose();
    this._experiments.dispose();
    this._traces.dispose();
  }

  set pageSize(value: number) {
    this._pageSize = Math.max(1, Math.min(500, Math.round(value)));
  }

  private get _state(): ISidebarState {
    return this.getSnapshot();
  }

  // ------------------------------------------------------------ connection

  /** Check the connection; on success (re)load experiments and traces. */
  connect(force = true): Promise<void> {
    return this._connection.check(force);
  }

  /** Retry button and refresh command: everything again, keeping the places. */
  refresh(): Promise<void> {
    return this.connect(true);
  }

  private get _connected(): boolean {
    return this._connection.isConnected;
  }

  // ------------------------------------------------------------ which store

  /** What the active notebook's kernel logs to, when it is not the server's store. */
  setNotebookStore(store: INotebookStore | null): void {
    const now = this._state.notebookStore;
    if (now?.uri !== store?.uri || now?.kind !== store?.kind) {
      this.set({ notebookStore: store });
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
    this._watch.stop();
    this._pinnedByUser = false;
    this.set({
      browsing: uri,
      connection: { kind: 'loading' },
      selectedExperimentId: null,
      selectedExperiment: null,
      followedExperimentId: null,
      // The comparison reads the configured server's traces, not these.
      marked: []
    });
    this._experiments.setQuery(null);
    this._experiments.setQuery(this._state.experimentQuery);
    this._traces.setQuery(null);
    return this.connect(true);
  }

  private _store(): string | undefined {
    return this._state.browsing ?? undefined;
  }

  // ------------------------------------------------------------ experiments

  setExperimentQuery(patch: Partial<IExperimentQueryState>): void {
    const next = { ...this._state.experimentQuery, ...patch };
    const cur = this._state.experimentQuery;
    if (next.search === cur.search && next.orderBy === cur.orderBy) {
      return;
    }
    this.set({ experimentQuery: next });
    this._experiments.setQuery(next);
    void this.reloadExperiments();
  }

  reloadExperiments(): Promise<void> {
    return this._connected ? this._experiments.reload() : Promise.resolve();
  }

  loadMoreExperiments(): Promise<void> {
    return this._connected ? this._experiments.loadMore() : Promise.resolve();
  }

  retryMoreExperiments(): Promise<void> {
    return this._connected ? this._experiments.retryMore() : Promise.resolve();
  }

  private _findExperiment(
    items: readonly IExperimentSummary[]
  ): IExperimentSummary | undefined {
    const id = this._state?.selectedExperimentId ?? null;
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
    this._watch.stop();
    const found =
      experimentId === null
        ? null
        : (this._state.experiments.items.find(
            e => e.experimentId === experimentId
          ) ?? null);
    this.set({
      selectedExperimentId: experimentId,
      selectedExperiment: found
    });
    this._setTracesQuery();
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
        this.set({ selectedExperiment: exp });
      }
    } catch {
      // The trace list shows the failure, if any; the header keeps the id.
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
    this._watch.stop();
    this.set({ traceQuery: next });
    this._setTracesQuery();
    void this.reloadTraces();
  }

  /** Group the listed traces by session, or list them one by one (no new request). */
  setGroupBySession(on: boolean): void {
    if (on !== this._state.groupBySession) {
      this.set({ groupBySession: on });
    }
  }

  /** Mark a trace to compare, or unmark it (marks.ts: two at most). */
  toggleMark(trace: ITraceSummary): void {
    this.set({ marked: toggleMark(this._state.marked, trace) });
  }

  clearMarks(): void {
    if (this._state.marked.length > 0) {
      this.set({ marked: [] });
    }
  }

  reloadTraces(): Promise<void> {
    return this._connected ? this._traces.reload() : Promise.resolve();
  }

  loadMoreTraces(): Promise<void> {
    return this._connected ? this._traces.loadMore() : Promise.resolve();
  }

  /** Retry after a failed "load more". */
  retryMoreTraces(): Promise<void> {
    return this._connected ? this._traces.retryMore() : Promise.resolve();
  }

  private _setTracesQuery(): void {
    const experimentId = this._state.selectedExperimentId;
    this._traces.setQuery(
      experimentId === null ? null : { experimentId, ...this._state.traceQuery }
    );
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
      this._connected &&
      state.experiments.loaded &&
      state.experiments.loading === 'idle' &&
      !state.experiments.items.some(e => e.experimentId === experimentId)
    ) {
      // Likely created by the notebook just now: list it.
      void this.reloadExperiments();
    }
    if (experimentId !== state.followedExperimentId) {
      this.set({ followedExperimentId: experimentId });
    }
    if (experimentId !== null && !this._pinnedByUser) {
      this._select(experimentId);
    }
  }

  /**
   * A notebook cell produced traces (in `experimentId` when known): look
   * for them now and again shortly, as MLflow exports traces
   * asynchronously (traceWatch.ts).
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
    if (!this._connected) {
      void this.connect(true);
      return;
    }
    this._watch.lookFor(traceIds);
  }

  private readonly _api: ISidebarApi;
  private readonly _connection: ConnectionCheck;
  private readonly _experiments: PagedQuery<
    IExperimentSummary,
    IExperimentQueryState
  >;
  private readonly _traces: PagedQuery<
    ITraceSummary,
    ITracesOf,
    TextFilterKind
  >;
  private readonly _watch: TraceWatch;
  private _pageSize = 100;
  private _pinnedByUser = false;
}
