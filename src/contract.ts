/**
 * The REST contract's constants (contract/openapi.json), for the frontend.
 *
 * src/__tests__/contract.test.ts checks every list here against the contract,
 * and `API_UNIONS_MATCH` below ties api.ts's string unions to these lists at
 * compile time, so a drift on either side fails a test or the build.
 */
import type {
  ExperimentOrder,
  IExperimentsQuery,
  ITraceSearchBody,
  TraceOrder,
  TraceStatusFilter
} from './api';

/** Sort orders for experiments; the first is the server's default. */
export const EXPERIMENT_ORDERS = [
  'last_update_time DESC',
  'last_update_time ASC',
  'name ASC',
  'name DESC',
  'creation_time DESC',
  'creation_time ASC'
] as const;

/** Sort orders for traces; the first is the server's default. */
export const TRACE_ORDERS = [
  'timestamp_ms DESC',
  'timestamp_ms ASC',
  'execution_time_ms DESC',
  'execution_time_ms ASC'
] as const;

export const VIEW_TYPES = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'] as const;

/** Trace statuses the traces list filters by. */
export const TRACE_STATUSES = ['OK', 'ERROR', 'IN_PROGRESS'] as const;

/** How a traces search matched `text` (MLflow 3 full text, MLflow 2 exact name). */
export const TEXT_FILTERS = ['full-text', 'exact-name'] as const;

export const TRACE_SEARCH_APIS = ['v3', 'v2'] as const;

/** Error kinds the server extension answers with (meanings in the contract). */
export const ERROR_KINDS = [
  'unreachable',
  'timeout',
  'unauthorized',
  'forbidden-host',
  'not-found',
  'server-error',
  'malformed',
  'too-large',
  'not-configured',
  'missing-mlflow',
  'bad-request',
  'fixed',
  'host-not-allowed',
  'store-not-allowed',
  'unsupported'
] as const;

/** Kinds the frontend adds for failures the server cannot report. */
export const CLIENT_ERROR_KINDS = [
  'missing-server-extension',
  'network',
  'malformed',
  'http'
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];
export type ClientErrorKind = (typeof CLIENT_ERROR_KINDS)[number];

/** Page sizes the server accepts (larger ones are clamped). */
export const MAX_PAGE_SIZE = 500;
/** Longest search text the server accepts. */
export const MAX_SEARCH_TEXT = 200;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Compile-time only: each of api.ts's unions is exactly its list above. */
export const API_UNIONS_MATCH: [
  Same<ExperimentOrder, (typeof EXPERIMENT_ORDERS)[number]>,
  Same<TraceOrder, (typeof TRACE_ORDERS)[number]>,
  Same<Exclude<TraceStatusFilter, ''>, (typeof TRACE_STATUSES)[number]>,
  Same<NonNullable<IExperimentsQuery['viewType']>, (typeof VIEW_TYPES)[number]>,
  Same<ITraceSearchBody['text_filter'], (typeof TEXT_FILTERS)[number]>,
  Same<ITraceSearchBody['api'], (typeof TRACE_SEARCH_APIS)[number]>
] = [true, true, true, true, true, true];
