/**
 * Trace header: name, status, duration, start, span count, tokens, cost,
 * id with copy, "Open in MLflow UI", raw JSON toggle and copy.
 */
import React from 'react';
import type { ITrace } from '../model/types';
import { AssessmentsControl } from './assessments/AssessmentsControl';
import { useCopyFeedback } from './hooks';
import { useTrans } from './i18n';
import { CopyIcon, ExternalIcon } from './icons';
import { JsonTree } from './JsonTree';
import { PromptsFact, useTracePrompts } from './LinkedPrompts';
import { hasModifier, keepKey } from './keys';
import { RevealedText } from './RevealedText';
import { CappedValue, ServerCopyNote, ServerCopyState } from './serverCopy';
import { readTruncationMarker } from '../model/truncation';
import { StatusBadge } from './SpanDetail';
import { TextBlock } from './TextBlock';
import { TimeIssueMark } from './TimeIssueMark';
import {
  capText,
  formatCost,
  formatCount,
  formatDuration,
  formatTimestamp,
  hasCost,
  hasTokens,
  mlflowTraceUrl,
  revealInvisibleText
} from './state/format';

export interface ITraceHeaderProps {
  trace: ITrace;
  trackingUri?: string;
  /** Raw JSON view shown. */
  raw: boolean;
  onToggleRaw: () => void;
  /** What the tracking server holds of this trace, when that was asked. */
  serverCopy?: ServerCopyState;
}

export function TraceHeader(props: ITraceHeaderProps): JSX.Element {
  const { trace } = props;
  const trans = useTrans();
  const [idCopied, copyId] = useCopyFeedback();
  const [showWarnings, setShowWarnings] = React.useState(false);
  const [showInfo, setShowInfo] = React.useState(false);
  const hasInfo =
    Object.keys(trace.tags).length > 0 ||
    Object.keys(trace.metadata).length > 0 ||
    !!trace.requestPreview ||
    !!trace.responsePreview;
  // No link to a trace the server said it does not have.
  const link =
    props.serverCopy?.kind === 'not-stored'
      ? null
      : mlflowTraceUrl(props.trackingUri, trace.experimentId, trace.traceId);
  const tokens = trace.tokenUsage;
  const cost = trace.cost;
  const prompts = useTracePrompts(trace);
  return (
    <div className="jp-MlflowTrace-header">
      <div className="jp-MlflowTrace-headerTop">
        <h2
          className="jp-MlflowTrace-title"
          title={revealInvisibleText(capText(trace.name, 1000).text)}
        >
          <RevealedText
            text={capText(trace.name || trans.__('(unnamed trace)'), 300).text}
          />
        </h2>
        <StatusBadge status={trace.state} />
        <div className="jp-MlflowTrace-headerActions">
          {link && (
            <a
              className="jp-MlflowTrace-link"
              href={link}
              target="_blank"
              rel="noopener noreferrer"
              title={trans.__('Open this trace in the MLflow UI (new tab)')}
            >
              <ExternalIcon />
              <span>{trans.__('Open in MLflow UI')}</span>
            </a>
          )}
          <button
            type="button"
            className="jp-MlflowTrace-button"
            aria-pressed={props.raw}
            aria-label={trans.__('Show raw trace JSON')}
            title={trans.__('Show raw trace JSON')}
            onClick={props.onToggleRaw}
          >
            {trans.__('Raw JSON')}
          </button>
        </div>
      </div>
      <div className="jp-MlflowTrace-facts">
        {trace.timeIssue ? (
          <TimeIssueMark issue={trace.timeIssue} subject="trace" />
        ) : (
          <span
            className="jp-MlflowTrace-duration"
            title={
              trace.durationPrecision === 'ns'
                ? trans.__('Total duration, from the span timestamps')
                : trans.__(
                    'Total duration, from the trace info (whole milliseconds)'
                  )
            }
          >
            {formatDuration(trace.durationMs, trace.durationPrecision)}
          </span>
        )}
        <span title={trans.__('Start time')}>
          {formatTimestamp(trace.startMs)}
        </span>
        <span>
          {trans._n(
            '%2 span',
            '%2 spans',
            trace.spans.length,
            formatCount(trace.spans.length)
          )}
        </span>
        {trace.errorSpanCount > 0 && (
          <span className="jp-MlflowTrace-errorText">
            {trans._n(
              '%2 error',
              '%2 errors',
              trace.errorSpanCount,
              formatCount(trace.errorSpanCount)
            )}
          </span>
        )}
        {trace.timeIssueCount > 0 && (
          <span
            className="jp-MlflowTrace-timeIssue"
            role="note"
            title={trans.__(
              'Spans that end before they start, or whose times are not finite: their durations are not shown'
            )}
          >
            <span aria-hidden="true">⚠ </span>
            {trans._n(
              '%2 span with impossible times',
              '%2 spans with impossible times',
              trace.timeIssueCount,
              formatCount(trace.timeIssueCount)
            )}
          </span>
        )}
        {hasTokens(tokens) && (
          <span
            className="jp-MlflowTrace-tokens"
            title={trans.__('Token usage: input / output / total')}
          >
            {trans.__(
              'Tokens: in %1 · out %2 · total %3',
              formatCount(tokens.inputTokens),
              formatCount(tokens.outputTokens),
              formatCount(tokens.totalTokens)
            )}
          </span>
        )}
        {hasCost(cost) && (
          <span
            className="jp-MlflowTrace-cost"
            title={trans.__(
              'Cost: input %1, output %2',
              formatCost(cost.inputCost),
              formatCost(cost.outputCost)
            )}
          >
            {trans.__('Cost: %1', formatCost(cost.totalCost))}
          </span>
        )}
        <span className="jp-MlflowTrace-id">
          <code title={trans.__('Trace id')}>
            <RevealedText text={capText(trace.traceId, 200).text} />
          </code>
          <button
            type="button"
            className="jp-MlflowTrace-miniButton"
            aria-label={trans.__('Copy trace id')}
            title={trans.__('Copy trace id')}
            onClick={() => copyId(trace.traceId)}
          >
            <CopyIcon />
            <span>{idCopied ? trans.__('Copied') : trans.__('Copy')}</span>
          </button>
        </span>
        {hasInfo && (
          <button
            type="button"
            className="jp-MlflowTrace-miniButton"
            aria-expanded={showInfo}
            aria-label={trans.__('Trace tags and metadata')}
            title={trans.__(
              'Trace tags, metadata and request / response previews'
            )}
            onClick={() => setShowInfo(i => !i)}
          >
            {trans.__('Info')}
          </button>
        )}
        <PromptsFact prompts={prompts} />
        <AssessmentsControl trace={trace} serverCopy={props.serverCopy} />
        {trace.warnings.length > 0 && (
          <button
            type="button"
            className="jp-MlflowTrace-miniButton jp-MlflowTrace-warnText"
            aria-expanded={showWarnings}
            title={trans.__('Repairs made while reading this trace')}
            onClick={() => setShowWarnings(w => !w)}
          >
            {trans._n(
              '%2 warning',
              '%2 warnings',
              trace.warnings.length,
              formatCount(trace.warnings.length)
            )}
          </button>
        )}
      </div>
      <ServerCopyNote state={props.serverCopy} />
      {showInfo && (
        <TraceInfo trace={trace} onClose={() => setShowInfo(false)} />
      )}
      {showWarnings && (
        <ul className="jp-MlflowTrace-warnings">
          {trace.warnings.slice(0, 50).map((w, k) => (
            <li key={k}>
              <RevealedText text={capText(w, 500).text} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Tags, metadata and previews, as a popover over the panes (it never takes
 * their height). Escape closes it.
 */
function TraceInfo(props: { trace: ITrace; onClose: () => void }): JSX.Element {
  const { trace } = props;
  const trans = useTrans();
  return (
    <div
      className="jp-MlflowTrace-info"
      role="dialog"
      aria-label={trans.__('Trace tags and metadata')}
      onKeyDown={e => {
        if (e.key === 'Escape' && !hasModifier(e)) {
          keepKey(e);
          props.onClose();
        }
      }}
    >
      <button
        type="button"
        className="jp-MlflowTrace-miniButton jp-MlflowTrace-infoClose"
        aria-label={trans.__('Close trace info')}
        title={trans.__('Close')}
        onClick={props.onClose}
      >
        {trans.__('Close')}
      </button>
      {trace.requestPreview && (
        <section aria-label={trans.__('Request preview')}>
          <h4>{trans.__('Request')}</h4>
          <PreviewText
            text={trace.requestPreview}
            label={trans.__('request preview')}
          />
        </section>
      )}
      {trace.responsePreview && (
        <section aria-label={trans.__('Response preview')}>
          <h4>{trans.__('Response')}</h4>
          <PreviewText
            text={trace.responsePreview}
            label={trans.__('response preview')}
          />
        </section>
      )}
      {Object.keys(trace.tags).length > 0 && (
        <section aria-label={trans.__('Tags')}>
          <h4>{trans.__('Tags')}</h4>
          <JsonTree
            value={trace.tags}
            expandDepth={1}
            label={trans.__('Tags')}
          />
        </section>
      )}
      {Object.keys(trace.metadata).length > 0 && (
        <section aria-label={trans.__('Metadata')}>
          <h4>{trans.__('Metadata')}</h4>
          <JsonTree
            value={trace.metadata}
            expandDepth={1}
            label={trans.__('Metadata')}
          />
        </section>
      )}
    </div>
  );
}

/** A request / response preview, or the state of one the size cap cut. */
function PreviewText(props: { text: string; label: string }): JSX.Element {
  return readTruncationMarker(props.text) ? (
    <CappedValue value={props.text} />
  ) : (
    <TextBlock text={props.text} label={props.label} />
  );
}
