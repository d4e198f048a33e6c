/**
 * One paged list of a REST search, generic over its items, its query and
 * what the server says about a query: the sidebar's experiments and traces
 * are two of these.
 *
 * Pages are asked with the query and the previous page's token; the answer to
 * a query that was overtaken is dropped (its request is aborted). `refresh`
 * keeps the user's place: with `mergeFirstPage` the fresh first page is merged
 * into the loaded list, and a failure keeps the list, marked stale. Plain
 * TypeScript with a Lumino signal, so it runs the same under vitest.
 */
import { ISignal, Signal } from '@lumino/signaling';

/** One answer of the server: items in order, and the token of the next page. */
export interface IPage<T, I = null> {
  items: readonly T[];
  nextPageToken: string | null;
  /** What the server said about the query (traces: how it matched text). */
  info?: I;
}

export interface IPagedState<T, I = null> {
  items: readonly T[];
  /** null: no more pages. */
  nextPageToken: string | null;
  /** `first`: (re)loading from the first page; `more`: appending a page. */
  loading: 'idle' | 'first' | 'more';
  /** Message of the last failure of a first or further page. */
  error: string | null;
  /** A refresh that keeps the list failed (the list stays as it was). */
  refreshError: string | null;
  /** At least one page arrived for the current query. */
  loaded: boolean;
  /** The list may no longer match the store: a refresh failed, or the store stopped answering. */
  stale: boolean;
  /** When the list last matched the store (Date.now()); null before. */
  updatedAtMs: number | null;
  /** `info` of the last first page, or null. */
  info: I | null;
}

export interface IPagedQueryOptions<T, Q, I = null> {
  /** Asks the server for one page of `query` (`pageToken` absent: the first). */
  fetchPage(
    query: Q,
    pageToken: string | undefined,
    signal: AbortSignal
  ): Promise<IPage<T, I>>;
  /**
   * How `refresh` keeps the place, for the queries `when` accepts: the loaded
   * list with the fresh first page merged in (`replaced`: nothing overlapped,
   * the list is the fresh page). Other queries reload from the first page.
   */
  mergeFirstPage?: {
    when(query: Q): boolean;
    merge(
      loaded: readonly T[],
      fresh: readonly T[]
    ): { items: T[]; replaced: boolean };
  };
  /** Keep showing the items while a new query or a reload loads its first page. */
  keepWhileReloading?: boolean;
  /** Told of every failure (not of aborted requests). */
  onError?(error: unknown): void;
}

export function emptyPagedState<T, I = null>(): IPagedState<T, I> {
  return {
    items: [],
    nextPageToken: null,
    loading: 'idle',
    error: null,
    refreshError: null,
    loaded: false,
    stale: false,
    updatedAtMs: null,
    info: null
  };
}

/** The message of an error thrown by the REST client (`ApiError`) or anything else. */
export function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return (typeof message === 'string' && message) || String(error);
}

type LoadMode = 'first' | 'more' | 'merge';

export class PagedQuery<T, Q, I = null> {
  constructor(options: IPagedQueryOptions<T, Q, I>) {
    this._options = options;
  }

  /** Emitted with the new state after every change. */
  get changed(): ISignal<this, IPagedState<T, I>> {
    return this._changed;
  }

  get state(): IPagedState<T, I> {
    return this._state;
  }

  /** The current query; null: none (an empty list that loads nothing). */
  get query(): Q | null {
    return this._query;
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  /**
   * A new query: the request under way is dropped, and the list is emptied
   * unless `keepWhileReloading`. Call `reload()` to load its first page.
   */
  setQuery(query: Q | null): void {
    this._abort?.abort();
    this._query = query;
    if (query === null || !this._options.keepWhileReloading) {
      this._set(emptyPagedState<T, I>());
    } else if (this._state.loading !== 'idle') {
      this._set({ ...this._state, loading: 'idle' });
    }
  }

  /** The first page again, replacing the list. */
  reload(): Promise<void> {
    return this._load('first');
  }

  /** The next page, unless one is loading, none is left, or the last one failed. */
  loadMore(): Promise<void> {
    const s = this._state;
    if (s.loading !== 'idle' || !s.nextPageToken || s.error) {
      return Promise.resolve();
    }
    return this._load('more');
  }

  /** The next page again after a failure. */
  retryMore(): Promise<void> {
    const s = this._state;
    if (s.loading !== 'idle' || !s.nextPageToken) {
      return Promise.resolve();
    }
    return this._load('more');
  }

  /**
   * Refresh keeping the user's place: merges the fresh first page into a
   * loaded list when `mergeFirstPage` says how, else reloads.
   */
  refresh(): Promise<void> {
    const s = this._state;
    const query = this._query;
    if (
      query !== null &&
      this._options.mergeFirstPage?.when(query) &&
      s.loaded &&
      s.items.length > 0
    ) {
      if (s.loading !== 'idle') {
        return Promise.resolve();
      }
      return this._load('merge');
    }
    return this._load('first');
  }

  /** The store stopped answering: the list is kept, marked as not current. */
  markStale(): void {
    if (!this._state.stale) {
      this._set({ ...this._state, stale: true });
    }
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._abort?.abort();
    Signal.clearData(this);
  }

  private _set(state: IPagedState<T, I>): void {
    if (this._disposed) {
      return;
    }
    this._state = state;
    this._changed.emit(state);
  }

  private async _load(mode: LoadMode): Promise<void> {
    const query = this._query;
    if (query === null || this._disposed) {
      return;
    }
    this._abort?.abort();
    const abort = new AbortController();
    this._abort = abort;
    const before = this._state;
    if (mode !== 'merge') {
      const keep =
        mode === 'more' || (this._options.keepWhileReloading && before.loaded);
      this._set({
        ...before,
        items: keep ? before.items : [],
        loaded: keep ? before.loaded : false,
        loading: mode,
        error: null,
        refreshError: null
      });
    }
    let page: IPage<T, I>;
    try {
      page = await this._options.fetchPage(
        query,
        mode === 'more' ? (before.nextPageToken ?? undefined) : undefined,
        abort.signal
      );
    } catch (error) {
      if (abort.signal.aborted || (error as Error)?.name === 'AbortError') {
        return;
      }
      this._failed(mode, error);
      return;
    }
    if (abort.signal.aborted) {
      return;
    }
    const now = this._state;
    // An empty page ends the list even when it carries a token.
    const token = page.items.length ? page.nextPageToken : null;
    const merged =
      mode === 'merge'
        ? this._options.mergeFirstPage!.merge(now.items, page.items)
        : null;
    this._set({
      items: merged
        ? merged.items
        : mode === 'more'
          ? [...now.items, ...page.items]
          : page.items,
      nextPageToken: merged && !merged.replaced ? now.nextPageToken : token,
      loading: 'idle',
      error: null,
      refreshError: null,
      loaded: true,
      stale: false,
      updatedAtMs: Date.now(),
      info: mode === 'more' ? now.info : (page.info ?? null)
    });
  }

  private _failed(mode: LoadMode, error: unknown): void {
    const now = this._state;
    const message = messageOf(error);
    if (mode === 'merge') {
      // Keep what is listed; say why it could not be refreshed.
      this._set({ ...now, refreshError: message, stale: true });
    } else if (mode === 'more') {
      this._set({ ...now, loading: 'idle', error: message });
    } else {
      this._set({
        ...now,
        items: [],
        loaded: false,
        loading: 'idle',
        error: message
      });
    }
    this._options.onError?.(error);
  }

  private readonly _options: IPagedQueryOptions<T, Q, I>;
  private readonly _changed = new Signal<this, IPagedState<T, I>>(this);
  private _state: IPagedState<T, I> = emptyPagedState<T, I>();
  private _query: Q | null = null;
  private _abort: AbortController | null = null;
  private _disposed = false;
}
