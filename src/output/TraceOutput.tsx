/**
 * One notebook output: a viewer for embedded traces, a fetch-then-view flow
 * for traces known by id (useReferenceFetch.ts), an error card for anything
 * unreadable; large outputs are built in slices first (slicedBuild.ts).
 */
import React, { useState } from 'react';

import { logAssessment } from '../assessments/api';
import { loadAttachment } from '../attachments/api';
import { TraceErrorCard } from '../components/TraceErrorCard';
import { TraceReferenceCard } from '../components/TraceReferenceCard';
import { TraceViewer } from '../components/TraceViewer';
import {
  englishBundle,
  TranslationBundle,
  TranslationContext,
  useTrans
} from '../components/i18n';
import { formatCount } from '../components/state/format';
import { decodeBundleJson, ParseResult } from '../model';
import type { IViewerSettings } from '../settings';
import { EmbeddedTraces } from './EmbeddedTraces';
import { fittedHeight } from './fittedHeight';
import { MoreReferences } from './MoreReferences';
import { useBuiltResult } from './slicedBuild';
import {
  type ITraceOutputServices,
  useReferenceFetch
} from './useReferenceFetch';

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
  const [height, setHeight] = useState<number | null>(null);
  const fetch = useReferenceFetch(
    result,
    services,
    settings.autoFetchReferences
  );
  const fetchState = fetch.state;

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
          onLogAssessment={fetch.origin ? undefined : logAssessment}
          onLoadAttachment={fetch.origin ? undefined : loadAttachment}
          onOpenTrace={fetch.origin ? undefined : services.openTrace}
        />
        {left > 0 && (
          <MoreReferences
            shown={fetchState.fetched}
            total={result.references.length}
            state={fetchState.more}
            onFetch={fetch.fetchMore}
          />
        )}
      </>
    );
  }
  return (
    <TraceReferenceCard
      references={result.references}
      state={fetchState.kind === 'idle' ? { kind: 'loading' } : fetchState}
      onFetch={fetch.fetchOnClick}
      onRetry={fetch.restart}
    />
  );
}
