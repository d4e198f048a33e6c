/**
 * An output that embeds full traces: the viewer, told what the tracking
 * server holds of each trace once the output is on screen (serverCopies.ts).
 */
import React from 'react';

import { logAssessment } from '../assessments/api';
import { loadAttachment } from '../attachments/api';
import { TraceViewer } from '../components/TraceViewer';
import type { ITrace, ParseResult } from '../model';
import type { IViewerSettings } from '../settings';
import { fittedHeight } from './fittedHeight';
import { useSeen, useServerCopies } from './serverCopies';
import type { ITraceOutputServices } from './useReferenceFetch';

export function EmbeddedTraces(props: {
  result: Extract<ParseResult, { kind: 'traces' }>;
  /** The traces as the output holds them, for raw JSON. */
  raw: unknown[];
  services: ITraceOutputServices;
  settings: Readonly<IViewerSettings>;
  renderMarkdown: (host: HTMLElement, source: string) => Promise<void>;
  /** The user's height (resize handle), or null for the fitted one. */
  height: number | null;
  onHeightChange: (h: number) => void;
}): JSX.Element {
  const { result, settings } = props;
  const [el, setEl] = React.useState<HTMLDivElement | null>(null);
  const seen = useSeen(el);
  const copies = useServerCopies(result, props.services, seen);
  // A capped trace gives way to the server's full copy once it is here.
  const traces: ITrace[] = result.traces.map(
    (t, i) => copies.replacements[i]?.trace ?? t
  );
  const raw = (i: number) =>
    copies.replacements[i] ? copies.replacements[i]!.raw : props.raw[i];
  return (
    <div ref={setEl} className="jp-MlflowTrace-embedded">
      <TraceViewer
        traces={traces}
        trackingUri={result.trackingUri}
        renderMarkdown={props.renderMarkdown}
        rawJson={raw}
        height={props.height ?? fittedHeight(traces, settings.viewerHeight)}
        fitMaxHeight={props.height === null ? settings.viewerHeight : undefined}
        onHeightChange={props.onHeightChange}
        defaultExpandDepth={settings.defaultExpandDepth}
        serverCopies={copies.states}
        // Enabled per trace once the configured server is known to hold it.
        onLogAssessment={logAssessment}
        // Attachments too: loadable once the configured server holds the trace.
        onLoadAttachment={loadAttachment}
        onOpenTrace={props.services.openTrace}
      />
    </div>
  );
}
