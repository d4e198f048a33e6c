import React, { useCallback, useEffect, useRef, useState } from 'react';

import { ApiError, IServerStatus } from '../api';
import { logAssessment } from '../assessments/api';
import { loadAttachment } from '../attachments/api';
import { keepActivationKeys } from '../components/keys';
import { TraceErrorCard } from '../components/TraceErrorCard';
import {
  ITraceReferenceState,
  TraceReferenceCard
} from '../components/TraceReferenceCard';
import { TraceViewer } from '../components/TraceViewer';
import {
  englishBundle,
  TranslationBundle,
  TranslationContext,
  useTrans
} from '../components/i18n';
import { capText, formatCount } from '../components/state/format';
import {
  decodeBundleJson,
  ITrace,
  parseMimeBundle,
  parseMimeBundleAsync,
  ParseResult
} from '../model';
import type { IViewerSettings } from '../settings';
import type { ITraceServices } from '../tokens';
import {
  AUTO_FETCH_LIMIT,
  fetchReferencedTraces,
  RetryBudget
} from './fetchTraces';
import { allowedOrigin, hostLabel, isConfiguredHost, originOf } from './hosts';
import { EmbeddedTraces } from './EmbeddedTraces';
import { fittedHeight } from './fittedHeight';

/** What an output needs from the application (a part of ITraceServices). */
export type ITraceOutputServices = Pick<
  ITraceServices,
  'status' | 'fetchTrace' | 'connectionChanged'
>;

export interface ITraceOutputProps {
  result: ParseResult;
  /** The output's MIME bundle, for the raw view. */
  data: Record<string, unknown>;
  /** The user's settings, passed in again (re-rendered) when they change. */
  settings: Readonly<IViewerSettings>;
  services: ITraceOutputServices;
  renderMarkdown: (host: HTMLElement, source: string) => Promise<void>;
  /** The translation of the viewer's text; English without it. */
  trans?: TranslationBundle;
}

/**
 * Outputs of more spans than this are built in slices of a few milliseconds
 * (the browser draws and takes input in between) while a progress line
 * shows; smaller ones at once, which is quicker for them.
 */
export const SLICED_ABOVE_SPANS = 2000;

/**
 * The renderer's parse of an output: built now, or `deferred` when it is
 * large (TraceOutput then builds it in slices).
 */
export function parseOutputBundle(data: Record<string, unknown>): ParseResult {
  return parseMimeBundle(data, { deferAboveSpans: SLICED_ABOVE_SPANS });
}

/**
 * A browser task boundary: `scheduler.yield()` where the browser has it (the
 * parse resumes before other queued work), else a message (no timer clamp).
 */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as any).scheduler;
  if (typeof scheduler?.yield === 'function') {
    return scheduler.yield();
  }
  return new Promise(resolve => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** The output's result, a `deferred` one built in slices after the mount. */
function useBuiltResult(
  result: ParseResult,
  data: Record<string, unknown>
): ParseResult {
  const [built, setBuilt] = useState<{
    from: ParseResult;
    result: ParseResult;
  } | null>(null);
  useEffect(() => {
    if (result.kind !== 'deferred') {
      return;
    }
    const controller = new AbortController();
    parseMimeBundleAsync(data, {
      yieldFn: nextTask,
      now: () => performance.now(),
      signal: controller.signal
    }).then(
      parsed =>
        // A transition: React may draw the viewer in slices too.
        React.startTransition(() => setBuilt({ from: result, result: parsed })),
      () => undefined // aborted: the output went away or changed
    );
    return () => controller.abort();
  }, [result, data]);
  return built?.from === result ? built.result : result;
}

/** Fetching the references that are not fetched yet, after the first ones. */
type MoreState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'error'; message: string; errorKind?: string };

interface IDoneState {
  kind: 'done';
  traces: ITrace[];
  raw: unknown[];
  trackingUri: string;
  /** How many of the output's references are fetched (the first ones). */
  fetched: number;
  more: MoreState;
}

type FetchState = { kind: 'idle' } | ITraceReferenceState | IDoneState;

/** The message and `ApiError` kind the card shows for a failure. */
function describe(error: unknown): { message: string; errorKind?: string } {
  return {
    message: (error as Error).message,
    errorKind: error instanceof ApiError ? error.kind : undefined
  };
}

/** The raw trace objects an output embeds, for "Raw JSON" and "copy trace JSON". */
function embeddedRaw(
  data: Record<string, unknown>,
  mimeType: string
): unknown[] {
  const decoded = decodeBundleJson(data[mimeType]);
  // The result wrapper ({ok, value}) is ours, not part of the trace.
  const value = decoded.ok ? decoded.value : data[mimeType];
  if (
    value &&
    typeof value === 'object' &&
    Array.isArray((value as any).traces)
  ) {
    return (value as any).traces;
  }
  return Array.isArray(value) ? value : [value];
}

/**
 * One notebook output: a viewer for embedded traces, a fetch-then-view flow
 * for traces known by id, an error card for anything unreadable.
 *
 * Work per output is bounded: the first AUTO_FETCH_LIMIT references are
 * fetched without a click, the rest one click per batch; all batches share
 * one retry budget and a few requests at a time. Hosts other than the
 * configured tracking server are read only when the server allows them, on a
 * click, for this output only.
 */
export function TraceOutput(props: ITraceOutputProps): JSX.Element {
  const result = useBuiltResult(props.result, props.data);
  return (
    <TranslationContext.Provider value={props.trans ?? englishBundle}>
      <TraceOutputView {...props} result={result} />
    </TranslationContext.Provider>
  );
}

function TraceOutputView(props: ITraceOutputProps): JSX.Element {
  const { result, services, settings } = props;
  const trans = useTrans();
  const [fetchState, setFetchState] = useState<FetchState>({ kind: 'idle' });
  const [height, setHeight] = useState<number | null>(null);
  const autoFetch = useRef(settings.autoFetchReferences);
  autoFetch.current = settings.autoFetchReferences;
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
    if (waiting && settings.autoFetchReferences) {
      void start();
    }
  }, [waiting, settings.autoFetchReferences, start]);

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

  if (result.kind === 'error') {
    const mime = result.mimeType;
    return (
      <TraceErrorCard
        error={result.error}
        raw={mime ? props.data[mime] : props.data}
      />
    );
  }
  if (result.kind === 'not-a-trace') {
    return (
      <TraceErrorCard
        message={trans.__('This output holds no MLflow trace.')}
        raw={props.data}
      />
    );
  }
  if (result.kind === 'deferred') {
    // The viewer's height, kept for it: large traces fill it.
    return (
      <div
        className="jp-MlflowTrace-card"
        style={{ height: settings.viewerHeight, boxSizing: 'border-box' }}
      >
        <div className="jp-MlflowTrace-cardState" role="status">
          <span className="jp-MlflowTrace-spinner" aria-hidden="true" />
          <span>
            {trans.__('Reading %1 spans…', formatCount(result.spanCount))}
          </span>
        </div>
      </div>
    );
  }
  if (result.kind === 'traces') {
    return (
      <EmbeddedTraces
        result={result}
        raw={embeddedRaw(props.data, result.mimeType)}
        services={services}
        settings={settings}
        renderMarkdown={props.renderMarkdown}
        height={height}
        onHeightChange={setHeight}
      />
    );
  }
  if (fetchState.kind === 'done') {
    const left = result.references.length - fetchState.fetched;
    return (
      <>
        <TraceViewer
          traces={fetchState.traces}
          trackingUri={result.trackingUri ?? fetchState.trackingUri}
          renderMarkdown={props.renderMarkdown}
          rawJson={i => fetchState.raw[i]}
          height={
            height ?? fittedHeight(fetchState.traces, settings.viewerHeight)
          }
          fitMaxHeight={height === null ? settings.viewerHeight : undefined}
          onHeightChange={setHeight}
          defaultExpandDepth={settings.defaultExpandDepth}
          // Only traces of the configured server (not an allow-listed one).
          onLogAssessment={origin.current ? undefined : logAssessment}
          onLoadAttachment={origin.current ? undefined : loadAttachment}
        />
        {left > 0 && (
          <MoreReferences
            shown={fetchState.fetched}
            total={result.references.length}
            state={fetchState.more}
            onFetch={() => void fetchBatch(fetchState)}
          />
        )}
      </>
    );
  }
  return (
    <TraceReferenceCard
      references={result.references}
      state={fetchState.kind === 'idle' ? { kind: 'loading' } : fetchState}
      onFetch={fetchOnClick}
      onRetry={() => void start()}
    />
  );
}

/** "Showing 10 of 2,000 referenced traces. [Fetch 10 more]" */
function MoreReferences(props: {
  shown: number;
  total: number;
  state: MoreState;
  onFetch: () => void;
}): JSX.Element {
  const { shown, total, state } = props;
  const trans = useTrans();
  const next = Math.min(AUTO_FETCH_LIMIT, total - shown);
  return (
    <div
      className="jp-MlflowTrace-cardState jp-MlflowTrace-more"
      onKeyDown={keepActivationKeys}
    >
      <span className="jp-MlflowTrace-note">
        {trans._n(
          'Showing %2 of %3 referenced trace.',
          'Showing %2 of %3 referenced traces.',
          total,
          formatCount(shown),
          formatCount(total)
        )}
      </span>
      {state.kind === 'error' && (
        <span className="jp-MlflowTrace-errorText" role="alert">
          {capText(state.message, 2000).text}
        </span>
      )}
      {state.kind === 'loading' ? (
        <span role="status">{trans.__('Fetching…')}</span>
      ) : (
        <button
          type="button"
          className="jp-MlflowTrace-button"
          onClick={props.onFetch}
        >
          {trans._n('Fetch %2 more', 'Fetch %2 more', next, formatCount(next))}
        </button>
      )}
    </div>
  );
}
