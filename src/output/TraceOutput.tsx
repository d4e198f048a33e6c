import React, { useCallback, useEffect, useState } from 'react';

import { TraceErrorCard } from '../components/TraceErrorCard';
import {
  ITraceReferenceState,
  TraceReferenceCard
} from '../components/TraceReferenceCard';
import { ROW_HEIGHT } from '../components/SpanTree';
import { TraceViewer } from '../components/TraceViewer';
import type { TraceServices } from '../context';
import { decodeBundleJson, ITrace, ParseResult } from '../model';
import { fetchReferencedTraces } from './fetchTraces';
import { isConfiguredHost, originOf } from './hosts';

export interface ITraceOutputProps {
  result: ParseResult;
  /** The output's MIME bundle, for the raw view. */
  data: Record<string, unknown>;
  services: TraceServices;
  renderMarkdown: (host: HTMLElement, source: string) => Promise<void>;
}

type FetchState =
  | { kind: 'idle' }
  | ITraceReferenceState
  | { kind: 'done'; traces: ITrace[]; raw: unknown[]; trackingUri: string };

/** Header, toolbar and axis above the rows, and the least room the detail pane needs. */
const CHROME_HEIGHT = 150;
const MIN_HEIGHT = 360;

/** Small traces get a viewer that fits them; the setting is the most a viewer takes. */
export function fittedHeight(traces: ITrace[], maxHeight: number): number {
  const rows = Math.max(0, ...traces.map(t => t.spans.length));
  const listRows = traces.length > 1 ? traces.length : 0;
  const wanted = CHROME_HEIGHT + (rows + listRows) * ROW_HEIGHT;
  return Math.min(maxHeight, Math.max(MIN_HEIGHT, wanted));
}

/** The raw trace objects an output embeds, for "Raw JSON" and "copy trace JSON". */
function embeddedRaw(
  data: Record<string, unknown>,
  mimeType: string
): unknown[] {
  const value = decodeBundleJson(data[mimeType]);
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
 */
export function TraceOutput(props: ITraceOutputProps): JSX.Element {
  const { result, services } = props;
  const settings = services.settings;
  const [fetchState, setFetchState] = useState<FetchState>({ kind: 'idle' });
  const [height, setHeight] = useState<number | null>(null);

  const fetchAll = useCallback(async () => {
    if (result.kind !== 'references') {
      return;
    }
    setFetchState({
      kind: 'loading',
      message: 'Fetching from the tracking server…'
    });
    try {
      const fetched = await fetchReferencedTraces(result.references, id =>
        services.fetchTrace(id)
      );
      setFetchState({ kind: 'done', ...fetched });
    } catch (error) {
      setFetchState({ kind: 'error', message: (error as Error).message });
    }
  }, [result, services]);

  const start = useCallback(async () => {
    if (result.kind !== 'references') {
      return;
    }
    let configured = '';
    try {
      configured = (await services.status()).tracking_uri;
    } catch (error) {
      setFetchState({ kind: 'error', message: (error as Error).message });
      return;
    }
    if (!isConfiguredHost(result.trackingUri, configured)) {
      setFetchState({
        kind: 'confirm-host',
        host: originOf(result.trackingUri) ?? result.trackingUri
      });
      return;
    }
    if (!settings.autoFetchReferences) {
      setFetchState({
        kind: 'confirm-host',
        host: originOf(configured) ?? configured
      });
      return;
    }
    await fetchAll();
  }, [result, services, settings, fetchAll]);

  const confirm = useCallback(async () => {
    if (result.kind !== 'references') {
      return;
    }
    const configured = await services.status().then(
      s => s.tracking_uri,
      () => ''
    );
    if (
      result.trackingUri &&
      !isConfiguredHost(result.trackingUri, configured)
    ) {
      const origin = originOf(result.trackingUri);
      try {
        await services.useTrackingUri(origin ?? result.trackingUri);
      } catch (error) {
        setFetchState({ kind: 'error', message: (error as Error).message });
        return;
      }
    }
    await fetchAll();
  }, [result, services, fetchAll]);

  useEffect(() => {
    void start();
  }, [start]);

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
        message="This output holds no MLflow trace."
        raw={props.data}
      />
    );
  }
  if (result.kind === 'traces') {
    const raw = embeddedRaw(props.data, result.mimeType);
    return (
      <TraceViewer
        traces={result.traces}
        trackingUri={result.trackingUri}
        renderMarkdown={props.renderMarkdown}
        rawJson={i => raw[i]}
        height={height ?? fittedHeight(result.traces, settings.viewerHeight)}
        onHeightChange={setHeight}
        defaultExpandDepth={settings.defaultExpandDepth}
      />
    );
  }
  if (fetchState.kind === 'done') {
    return (
      <TraceViewer
        traces={fetchState.traces}
        trackingUri={result.trackingUri ?? fetchState.trackingUri}
        renderMarkdown={props.renderMarkdown}
        rawJson={i => fetchState.raw[i]}
        height={
          height ?? fittedHeight(fetchState.traces, settings.viewerHeight)
        }
        onHeightChange={setHeight}
        defaultExpandDepth={settings.defaultExpandDepth}
      />
    );
  }
  return (
    <TraceReferenceCard
      references={result.references}
      state={fetchState.kind === 'idle' ? { kind: 'loading' } : fetchState}
      onConfirm={() => void confirm()}
      onRetry={() => void start()}
    />
  );
}
