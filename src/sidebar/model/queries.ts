/**
 * The sidebar's two paged queries over the server extension's REST search:
 * experiments, and the traces of one experiment. MLflow's answers are read
 * by the trace model only (`experimentsFromSearch`, `summariesFromSearch`).
 */
import {
  experimentsFromSearch,
  type IExperimentSummary
} from '../../model/experiments';
import { summariesFromSearch } from '../../model/info';
import type { ITraceSummary } from '../../model/types';
import { mergeNewestFirst } from '../../components/sidebar/state';
import { PagedQuery } from '../query/pagedQuery';
import type {
  IExperimentQueryState,
  ISidebarApi,
  ITraceQueryState,
  TextFilterKind
} from './types';

/** What both queries read at request time. */
export interface IQuerySource {
  api: ISidebarApi;
  /** The kernel store browsed; undefined: the server's. */
  store(): string | undefined;
  pageSize(): number;
  onError(error: unknown): void;
}

/** The traces query: the selected experiment and the user's filters. */
export interface ITracesOf extends ITraceQueryState {
  experimentId: string;
}

/** Experiments, searched by name; the list stays shown while a search loads. */
export function experimentsQuery(
  source: IQuerySource
): PagedQuery<IExperimentSummary, IExperimentQueryState> {
  return new PagedQuery({
    fetchPage: async (query, pageToken, signal) => {
      const page = experimentsFromSearch(
        await source.api.searchExperiments(
          {
            store: source.store(),
            search: query.search.trim() || undefined,
            orderBy: query.orderBy,
            maxResults: source.pageSize(),
            pageToken
          },
          signal
        )
      );
      return {
        items: page.experiments,
        nextPageToken: page.nextPageToken ?? null
      };
    },
    keepWhileReloading: true,
    onError: source.onError
  });
}

/** Traces of one experiment; `info` says how the server matched the text filter. */
export function tracesQuery(
  source: IQuerySource
): PagedQuery<ITraceSummary, ITracesOf, TextFilterKind> {
  return new PagedQuery({
    fetchPage: async (query, pageToken, signal) => {
      const body = await source.api.searchTraces(
        query.experimentId,
        {
          store: source.store(),
          status: query.status || undefined,
          text: query.text.trim() || undefined,
          orderBy: query.orderBy,
          maxResults: source.pageSize(),
          pageToken
        },
        signal
      );
      return {
        items: summariesFromSearch(body),
        nextPageToken:
          typeof body?.next_page_token === 'string' && body.next_page_token
            ? body.next_page_token
            : null,
        info: body?.text_filter
      };
    },
    // Newest first: a refresh puts new traces on top, keeping the pages.
    mergeFirstPage: {
      when: query => query.orderBy === 'timestamp_ms DESC',
      merge: mergeNewestFirst
    },
    onError: source.onError
  });
}
