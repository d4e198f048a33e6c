/**
 * The fetch-then-view flow of an output that names traces by id: ask the
 * Jupyter server's status, refuse hosts other than the configured one unless
 * allow-listed (and then on a click), fetch the first batch without a click
 * when the setting says so, the rest one click per batch, and look again when
 * the user's Tracking URI setting reaches the server.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

import { ApiError, IServerStatus } from '../api';
import type { ITraceReferenceState } from '../components/TraceReferenceCard';
import { useTrans } from '../components/i18n';
import type { ITrace, ParseResult } from '../model';
import type { ITraceServices } from '../tokens';
import {
  AUTO_FETCH_LIMIT,
  fetchReferencedTraces,
  RetryBudget
} from './fetchTraces';
import { allowedOrigin, hostLabel, isConfiguredHost, originOf } from './hosts';

/** What an output needs from the application (a part of ITraceServices). */
export type ITraceOutputServices = Pick<
  ITraceServices,
  'status' | 'fetchTrace' | 'connectionChanged' | 'openTrace'
>;

/** Fetching the references that are not fetched yet, after the first ones. */
export type MoreState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'error'; message: string; errorKind?: string };

export interface IDoneState {
  kind: 'done';
  traces: ITrace[];
  raw: unknown[];
  trackingUri: string;
  /** How many of the output's references are fetched (the first ones). */
  fetched: number;
  more: MoreState;
}

export type FetchState = { kind: 'idle' } | ITraceReferenceState | IDoneState;

/** The message and `ApiError` kind the card shows for a failure. */
function describe(error: unknown): { message: string; errorKind?: string } {
  return {
    message: (error as Error).message,
    errorKind: error instanceof ApiError ? error.kind : undefined
  };
}

export interface IReferenceFetch {
  state: FetchState;
  /** Where the traces were read: undefined is the configured server. */
  origin: string | undefined;
  /** Start again from the status (the card's "Retry"). */
  restart: () => void;
  /** The card's "Fetch" (an allow-listed other host, or automatic fetching off). */
  fetchOnClick: () => void;
  /** "Fetch N more" after the shown ones. */
  fetchMore: () => void;
}

/**
 * The fetch state of an output's references. Work is bounded: the first
 * AUTO_FETCH_LIMIT references are fetched without a click, the rest one click
 * per batch; all batches share one retry budget and a few requests at a time.
 */
export function useReferenceFetch(
  result: ParseResult,
  services: ITraceOutputServices,
  autoFetchReferences: boolean
): IReferenceFetch {
  const trans = useTrans();
  const [fetchState, setFetchState] = useState<FetchState>({ kind: 'idle' });
  const autoFetch = useRef(autoFetchReferences);
  autoFetch.current = autoFetchReferences;
  // Per output: one retry budget, one abort on unmount, one fetch at a time.
  const budget = useRef(new RetryBudget());
  const aborter = useRef<AbortController | null>(null);
  const generation = useRef(0);
  /** Where this output's traces are read: undefined is the configured server. */
  const origin = useRef<string | undefined>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    aborter.current = controller;
    budget.current = new RetryBudget();
    return () => controller.abort();
  }, [result]);

  /** Fetch the next batch of references after `done` (or the first one). */
  const fetchBatch = useCallback(
    async (done: IDoneState | null) => {
      if (result.kind !== 'references') {
        return;
      }
      const run = ++generation.current;
      const from = done?.fetched ?? 0;
      const batch = result.references.slice(from, from + AUTO_FETCH_LIMIT);
      const signal = aborter.current?.signal;
      const via = origin.current;
      if (done) {
        setFetchState({ ...done, more: { kind: 'loading' } });
      } else {
        setFetchState({
          kind: 'loading',
          message: via
            ? trans.__('Fetching from %1 through the Jupyter server…', via)
            : trans.__('Fetching from the tracking server…')
        });
      }
      try {
        const fetched = await fetchReferencedTraces(
          batch,
          (id, s) => services.fetchTrace(id, { trackingUri: via, signal: s }),
          { budget: budget.current, signal }
        );
        if (run !== generation.current || signal?.aborted) {
          return;
        }
        setFetchState({
          kind: 'done',
          traces: [...(done?.traces ?? []), ...fetched.traces],
          raw: [...(done?.raw ?? []), ...fetched.raw],
          trackingUri: done?.trackingUri || fetched.trackingUri,
          fetched: from + batch.length,
          more: { kind: 'idle' }
        });
      } catch (error) {
        if (run !== generation.current || signal?.aborted) {
          return;
        }
        setFetchState(
          done
            ? { ...done, more: { kind: 'error', ...describe(error) } }
            : { kind: 'error', ...describe(error) }
        );
      }
    },
    [result, services, trans]
  );

  const start = useCallback(async () => {
    if (result.kind !== 'references') {
      return;
    }
    const run = ++generation.current;
    origin.current = undefined;
    setFetchState({
      kind: 'loading',
      message: trans.__('Asking the Jupyter server…')
    });
    let status: IServerStatus;
    try {
      status = await services.status();
    } catch (error) {
      if (run === generation.current) {
        setFetchState({ kind: 'error', ...describe(error) });
      }
      return;
    }
    if (run !== generation.current) {
      return;
    }
    const named = result.trackingUri;
    if (named && !isConfiguredHost(named, status.tracking_uri)) {
      // Another server: never contacted unless allow-listed, and then on a click.
      setFetchState({
        kind: 'other-host',
        trackingUri: named,
        host: hostLabel(named),
        fetchOrigin: allowedOrigin(named, status.allowed_tracking_uris)
      });
      return;
    }
    if (!autoFetch.current) {
      setFetchState({
        kind: 'waiting',
        host: originOf(status.tracking_uri) ?? status.tracking_uri
      });
      return;
    }
    await fetchBatch(null);
  }, [result, services, fetchBatch, trans]);

  const fetchOnClick = useCallback(() => {
    if (fetchState.kind === 'other-host') {
      if (!fetchState.fetchOrigin) {
        return;
      }
      origin.current = fetchState.fetchOrigin;
    }
    void fetchBatch(null);
  }, [fetchState, fetchBatch]);

  useEffect(() => {
    void start();
  }, [start]);

  // Automatic fetching switched on while this output waits for a click.
  const waiting = fetchState.kind === 'waiting';
  useEffect(() => {
    if (waiting && autoFetchReferences) {
      void start();
    }
  }, [waiting, autoFetchReferences, start]);

  // The user's Tracking URI setting reached the server: outputs that could not
  // show their traces look again.
  const retryable = fetchState.kind !== 'done' && fetchState.kind !== 'loading';
  useEffect(() => {
    if (!retryable) {
      return;
    }
    const onChange = () => void start();
    services.connectionChanged.connect(onChange);
    return () => {
      services.connectionChanged.disconnect(onChange);
    };
  }, [services, start, retryable]);

  return {
    state: fetchState,
    origin: origin.current,
    restart: () => void start(),
    fetchOnClick,
    fetchMore: () => {
      if (fetchState.kind === 'done') {
        void fetchBatch(fetchState);
      }
    }
  };
}
