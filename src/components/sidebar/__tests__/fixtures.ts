import type { ITraceSummary } from '../../../model/types';
import type { ISidebarCallbacks } from '../Sidebar';

export function summary(
  id: string,
  extra: Partial<ITraceSummary> = {}
): ITraceSummary {
  return {
    traceId: id,
    experimentId: '1',
    name: `name-${id}`,
    state: 'OK',
    startMs: 1_700_000_000_000,
    durationMs: 12,
    tokenUsage: null,
    tags: {},
    metadata: {},
    ...extra
  };
}

export const STATUS_OK = {
  extension_version: '0.1.0',
  tracking_uri: 'http://127.0.0.1:5000',
  tracking_uri_source: 'default',
  tracking_uri_fixed: false,
  is_http: true,
  reachable: true,
  mlflow_version: '3.17.2',
  reason: null,
  reason_kind: null
};

export const STATUS_DOWN = {
  ...STATUS_OK,
  reachable: false,
  mlflow_version: null,
  reason:
    'tracking server unreachable at http://127.0.0.1:5000: connection refused',
  reason_kind: 'unreachable'
};

/** A v3 trace info as MLflow's REST API returns it. */
export function rawTrace(
  id: string,
  experimentId: string,
  index: number,
  extra: Record<string, unknown> = {}
): Record<string, unknown> {
  return {
    trace_id: id,
    trace_location: {
      type: 'MLFLOW_EXPERIMENT',
      mlflow_experiment: { experiment_id: experimentId }
    },
    request_time: new Date(1_700_000_000_000 - index * 1000).toISOString(),
    execution_duration: '0.250s',
    state: index % 7 === 3 ? 'ERROR' : 'OK',
    trace_metadata: {
      'mlflow.trace.tokenUsage': JSON.stringify({ total_tokens: 100 + index })
    },
    tags: { 'mlflow.traceName': index % 2 ? 'agent' : 'tool' },
    request_preview: JSON.stringify({ q: `question ${index}` }),
    ...extra
  };
}

interface IPending {
  resolve: () => void;
}

/**
 * An in-memory server extension: experiments and traces with offset page
 * tokens, filters, failures on demand and held responses (to test races).
 */
export class FakeApi {
  status: Record<string, unknown> | Error = STATUS_OK;
  experiments: {
    experiment_id: string;
    name: string;
    last_update_time: number;
  }[] = [];
  traces = new Map<string, Record<string, unknown>[]>();
  calls: string[] = [];
  failExperiments: Error | null = null;
  failTraces: Error | null = null;
  /** While true, searches wait until `release()`. */
  hold = false;
  private _pending: IPending[] = [];

  constructor(experimentCount = 3, tracesPerExperiment = 5) {
    for (let i = 0; i < experimentCount; i++) {
      const id = String(i + 1);
      this.experiments.push({
        experiment_id: id,
        name: `exp-${i + 1}`,
        last_update_time: 1_700_000_000_000 - i
      });
      this.traces.set(
        id,
        Array.from({ length: tracesPerExperiment }, (_, j) =>
          rawTrace(`tr-${id}-${j}`, id, j)
        )
      );
    }
  }

  release(): void {
    const pending = this._pending;
    this._pending = [];
    pending.forEach(p => p.resolve());
  }

  private async _wait(): Promise<void> {
    if (this.hold) {
      await new Promise<void>(resolve => this._pending.push({ resolve }));
    }
  }

  api = {
    status: async (force: boolean) => {
      this.calls.push(`status(${force})`);
      if (this.status instanceof Error) {
        throw this.status;
      }
      return this.status as any;
    },
    searchExperiments: async (query: any, signal: AbortSignal) => {
      this.calls.push(
        `experiments(${query.search ?? ''},${query.pageToken ?? ''})`
      );
      await this._wait();
      if (signal.aborted) {
        throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      }
      if (this.failExperiments) {
        throw this.failExperiments;
      }
      const search = (query.search ?? '').toLowerCase();
      const all = this.experiments.filter(e =>
        e.name.toLowerCase().includes(search)
      );
      const offset = Number(query.pageToken ?? 0);
      const page = all.slice(offset, offset + query.maxResults);
      const next =
        offset + query.maxResults < all.length
          ? String(offset + query.maxResults)
          : undefined;
      return { experiments: page, ...(next ? { next_page_token: next } : {}) };
    },
    fetchExperiment: async (id: string) => {
      this.calls.push(`experiment(${id})`);
      const exp = this.experiments.find(e => e.experiment_id === id);
      if (!exp) {
        throw Object.assign(new Error(`experiment ${id} not found`), {
          kind: 'not-found',
          status: 404
        });
      }
      return { experiment: exp };
    },
    searchTraces: async (
      experimentId: string,
      query: any,
      signal: AbortSignal
    ) => {
      this.calls.push(`traces(${experimentId},${query.pageToken ?? ''})`);
      await this._wait();
      if (signal.aborted) {
        throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      }
      if (this.failTraces) {
        throw this.failTraces;
      }
      let all = this.traces.get(experimentId) ?? [];
      if (query.status) {
        all = all.filter(t => t.state === query.status);
      }
      if (query.text) {
        all = all.filter(t =>
          JSON.stringify(t).toLowerCase().includes(query.text.toLowerCase())
        );
      }
      const offset = Number(query.pageToken ?? 0);
      const page = all.slice(offset, offset + query.maxResults);
      const next =
        offset + query.maxResults < all.length
          ? String(offset + query.maxResults)
          : undefined;
      return {
        api: 'v3' as const,
        text_filter: 'full-text' as const,
        traces: page,
        ...(next ? { next_page_token: next } : {})
      };
    }
  };
}

/** Let pending promise callbacks run. */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) {
    await Promise.resolve();
    await new Promise(resolve => setTimeout(resolve, 0));
  }
}

/** TracePane props of a connected pane with experiment 1 selected. */
export const paneDefaults = {
  connected: true,
  down: false,
  experimentId: '1',
  experiment: { experimentId: '1', name: 'agent-eval', tags: {} },
  followedExperimentId: null,
  query: {
    status: '' as const,
    text: '',
    orderBy: 'timestamp_ms DESC' as const
  },
  waitingForTraces: false,
  groupBySession: false,
  onQuery: () => undefined,
  onGroupBySession: () => undefined,
  onOpenTrace: () => undefined,
  onOpenSession: () => undefined,
  marked: [],
  onToggleMark: () => undefined,
  onClearMarks: () => undefined,
  onLoadMore: () => undefined,
  onReload: () => undefined,
  onRetryMore: () => undefined
};

/** SidebarView callbacks that do nothing (views rendered from a given state). */
export const noSidebarCallbacks: ISidebarCallbacks = {
  onRetry: () => undefined,
  onBrowseStore: () => undefined,
  onExperimentQuery: () => undefined,
  onSelectExperiment: () => undefined,
  onLoadMoreExperiments: () => undefined,
  onReloadExperiments: () => undefined,
  onRetryMoreExperiments: () => undefined,
  onTraceQuery: () => undefined,
  onOpenTrace: () => undefined,
  onGroupBySession: () => undefined,
  onOpenSession: () => undefined,
  onToggleMark: () => undefined,
  onClearMarks: () => undefined,
  onLoadMoreTraces: () => undefined,
  onReloadTraces: () => undefined,
  onRetryMoreTraces: () => undefined
};

/** A trace list as the model gives it once loaded (one page, idle). */
export function loadedTraces(items: ITraceSummary[], extra = {}) {
  return {
    items,
    nextPageToken: null,
    loading: 'idle' as const,
    error: null,
    loaded: true,
    updatedAtMs: Date.now(),
    refreshError: null,
    stale: false,
    info: 'full-text' as const,
    ...extra
  };
}
