/**
 * The generic paged query against a fake REST client (jupyterlab-git
 * style): a list of rows served in pages with offset tokens, failures and
 * held answers on demand.
 */
import { describe, expect, it } from 'vitest';

import { mergeNewestFirst } from '../../components/sidebar/state';
import type { ITraceSummary } from '../../model/types';
import { summary } from '../../components/sidebar/__tests__/fixtures';
import { PagedQuery } from '../query/pagedQuery';

interface IQuery {
  text: string;
  newestFirst: boolean;
}

/** Rows served `pageSize` at a time; `fail` throws once per call while set. */
class FakeRest {
  rows: ITraceSummary[];
  calls: string[] = [];
  fail: Error | null = null;
  hold = false;
  emptyPageWithToken = false;
  private _held: (() => void)[] = [];

  constructor(
    count: number,
    readonly pageSize = 3
  ) {
    this.rows = Array.from({ length: count }, (_, i) => summary(`tr-${i}`));
  }

  release(): void {
    this._held.splice(0).forEach(resume => resume());
  }

  fetchPage = async (
    query: IQuery,
    pageToken: string | undefined,
    signal: AbortSignal
  ) => {
    this.calls.push(`${query.text}@${pageToken ?? 0}`);
    if (this.hold) {
      await new Promise<void>(resume => this._held.push(resume));
    }
    if (signal.aborted) {
      throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    }
    if (this.fail) {
      throw this.fail;
    }
    if (this.emptyPageWithToken) {
      return { items: [], nextPageToken: 'more', info: query.text };
    }
    const rows = this.rows.filter(r => r.traceId.includes(query.text));
    const offset = Number(pageToken ?? 0);
    const end = offset + this.pageSize;
    return {
      items: rows.slice(offset, end),
      nextPageToken: end < rows.length ? String(end) : null,
      info: query.text
    };
  };
}

const settle = () => new Promise(resolve => setTimeout(resolve, 0));

function makeQuery(rest: FakeRest, keepWhileReloading = false) {
  const errors: unknown[] = [];
  const query = new PagedQuery<ITraceSummary, IQuery, string>({
    fetchPage: rest.fetchPage,
    mergeFirstPage: { when: q => q.newestFirst, merge: mergeNewestFirst },
    keepWhileReloading,
    onError: error => errors.push(error)
  });
  query.setQuery({ text: '', newestFirst: true });
  return { query, errors };
}

const ids = (query: PagedQuery<ITraceSummary, IQuery, string>) =>
  query.state.items.map(t => t.traceId);

describe('PagedQuery: pages', () => {
  it('loads page after page to the end, then asks no more', async () => {
    const rest = new FakeRest(7);
    const { query } = makeQuery(rest);
    const seen: string[] = [];
    query.changed.connect((_, s) => seen.push(s.loading));
    await query.reload();
    expect(ids(query)).toEqual(['tr-0', 'tr-1', 'tr-2']);
    expect(query.state.loaded).toBe(true);
    expect(query.state.nextPageToken).toBe('3');
    expect(query.state.info).toBe('');
    await query.loadMore();
    await query.loadMore();
    await query.loadMore();
    expect(ids(query)).toHaveLength(7);
    expect(query.state.nextPageToken).toBeNull();
    expect(rest.calls).toEqual(['@0', '@3', '@6']);
    expect(seen).toEqual(['first', 'idle', 'more', 'idle', 'more', 'idle']);
  });

  it('an empty page ends the list even when it carries a token', async () => {
    const rest = new FakeRest(0);
    rest.emptyPageWithToken = true;
    const { query } = makeQuery(rest);
    await query.reload();
    expect(query.state.loaded).toBe(true);
    expect(query.state.nextPageToken).toBeNull();
  });

  it('a new query starts from the first page, and drops the answer of the one it overtook', async () => {
    const rest = new FakeRest(12);
    const { query } = makeQuery(rest);
    await query.reload();
    rest.hold = true;
    query.setQuery({ text: '1', newestFirst: true });
    const first = query.reload();
    query.setQuery({ text: '2', newestFirst: true });
    const second = query.reload();
    rest.release();
    await Promise.all([first, second]);
    expect(ids(query)).toEqual(['tr-2']);
    expect(query.state.info).toBe('2');
  });

  it('null as query empties the list and loads nothing', async () => {
    const rest = new FakeRest(5);
    const { query } = makeQuery(rest);
    await query.reload();
    query.setQuery(null);
    await query.reload();
    expect(query.state.items).toEqual([]);
    expect(query.state.loaded).toBe(false);
    expect(rest.calls).toEqual(['@0']);
  });

  it('keeps showing the list while a reload is under way when asked to', async () => {
    const rest = new FakeRest(5);
    const { query } = makeQuery(rest, true);
    await query.reload();
    rest.hold = true;
    const reload = query.reload();
    expect(query.state.loading).toBe('first');
    expect(ids(query)).toEqual(['tr-0', 'tr-1', 'tr-2']);
    rest.release();
    await reload;
    expect(query.state.loading).toBe('idle');
  });
});

describe('PagedQuery: errors', () => {
  it('a failed first page says why and empties the list; a reload recovers', async () => {
    const rest = new FakeRest(5);
    const { query, errors } = makeQuery(rest);
    rest.fail = new Error(
      'tracking server unreachable at http://127.0.0.1:5000: connection refused'
    );
    await query.reload();
    expect(query.state).toMatchObject({
      loaded: false,
      loading: 'idle',
      error:
        'tracking server unreachable at http://127.0.0.1:5000: connection refused'
    });
    expect(errors).toEqual([rest.fail]);
    rest.fail = null;
    await query.reload();
    expect(query.state.error).toBeNull();
    expect(ids(query)).toHaveLength(3);
  });

  it('a failed further page keeps the list, asks no more until retried', async () => {
    const rest = new FakeRest(7);
    const { query } = makeQuery(rest);
    await query.reload();
    rest.fail = new Error('timed out');
    await query.loadMore();
    expect(ids(query)).toHaveLength(3);
    expect(query.state.error).toBe('timed out');
    await query.loadMore();
    expect(rest.calls).toEqual(['@0', '@3']);
    rest.fail = null;
    await query.retryMore();
    expect(ids(query)).toHaveLength(6);
    expect(query.state.error).toBeNull();
  });

  it('aborted requests are no failures', async () => {
    const rest = new FakeRest(5);
    const { query, errors } = makeQuery(rest);
    rest.hold = true;
    const load = query.reload();
    query.setQuery({ text: '3', newestFirst: true });
    rest.hold = false;
    rest.release();
    await load;
    expect(errors).toEqual([]);
    expect(query.state.error).toBeNull();
  });
});

describe('PagedQuery: refresh', () => {
  it('puts new rows on top and keeps the loaded pages and their token', async () => {
    const rest = new FakeRest(7);
    const { query } = makeQuery(rest);
    await query.reload();
    await query.loadMore();
    rest.rows.unshift(summary('tr-new'));
    const seen: string[] = [];
    query.changed.connect((_, s) => seen.push(s.loading));
    await query.refresh();
    expect(ids(query)).toEqual([
      'tr-new',
      'tr-0',
      'tr-1',
      'tr-2',
      'tr-3',
      'tr-4',
      'tr-5'
    ]);
    expect(query.state.nextPageToken).toBe('6');
    // No loading state in between: the list stays as it is while refreshing.
    expect(seen).toEqual(['idle']);
  });

  it('reloads from the first page for queries it cannot merge', async () => {
    const rest = new FakeRest(7);
    const { query } = makeQuery(rest);
    query.setQuery({ text: '', newestFirst: false });
    await query.reload();
    await query.loadMore();
    await query.refresh();
    expect(ids(query)).toEqual(['tr-0', 'tr-1', 'tr-2']);
    expect(rest.calls.at(-1)).toBe('@0');
  });

  it('a failed refresh keeps the list, marked stale with the reason; the next one clears it', async () => {
    const rest = new FakeRest(5);
    const { query } = makeQuery(rest);
    await query.reload();
    const listedAt = query.state.updatedAtMs;
    rest.fail = new Error('connection refused');
    await query.refresh();
    expect(ids(query)).toEqual(['tr-0', 'tr-1', 'tr-2']);
    expect(query.state).toMatchObject({
      stale: true,
      refreshError: 'connection refused',
      error: null,
      updatedAtMs: listedAt
    });
    rest.fail = null;
    await query.refresh();
    expect(query.state.stale).toBe(false);
    expect(query.state.refreshError).toBeNull();
  });

  it('markStale keeps the list until a page arrives', async () => {
    const rest = new FakeRest(5);
    const { query } = makeQuery(rest);
    await query.reload();
    query.markStale();
    expect(query.state.stale).toBe(true);
    expect(ids(query)).toHaveLength(3);
    await query.refresh();
    expect(query.state.stale).toBe(false);
  });

  it('after dispose, answers change nothing', async () => {
    const rest = new FakeRest(5);
    const { query } = makeQuery(rest);
    rest.hold = true;
    const load = query.reload();
    query.dispose();
    rest.release();
    await load;
    await settle();
    expect(query.state.loaded).toBe(false);
    expect(query.isDisposed).toBe(true);
  });
});
