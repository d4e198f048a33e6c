/**
 * Summary of a trace, readable without the span tree: the request and the
 * response, the errors, the model and tool calls in order (a click opens
 * the span in the Details view), the conversation, and the totals.
 * Props in, one callback out; trace text only as React text or through
 * TextBlock's sanitized markdown.
 */
import React from 'react';
import type {
  ISummaryCall,
  ISummaryError,
  ITraceSummaryData
} from '../model/summary';
import type { ITokenUsage } from '../model/types';
import { ChatView } from './ChatView';
import { JsonTree } from './JsonTree';
import { Paged } from './Paged';
import { RevealedText } from './RevealedText';
import { StatusBadge } from './SpanDetail';
import { TextBlock } from './TextBlock';
import { TimeIssueMark } from './TimeIssueMark';
import {
  capText,
  formatCost,
  formatCount,
  formatDuration,
  hasCost,
  hasTokens,
  plural
} from './state/format';

export interface ISummaryViewProps {
  summary: ITraceSummaryData;
  /** Show span `index` in the Details view. */
  onOpenSpan: (index: number) => void;
}

export function SummaryView(props: ISummaryViewProps): JSX.Element {
  const { summary, onOpenSpan } = props;
  const { conversation } = summary;
  return (
    <div className="jp-MlflowTrace-summary">
      <Totals summary={summary} />
      <Value title="Request" value={summary.request} />
      <Value title="Response" value={summary.response} />
      {summary.errors.length > 0 && (
        <section className="jp-MlflowTrace-section" aria-label="Errors">
          <h4>Errors</h4>
          <Paged
            className="jp-MlflowTrace-summaryErrors"
            items={summary.errors}
            noun="errors"
            render={e => (
              <ErrorItem key={e.index} error={e} onOpenSpan={onOpenSpan} />
            )}
          />
        </section>
      )}
      {summary.calls.length > 0 && (
        <section className="jp-MlflowTrace-section" aria-label="Calls">
          <h4>Calls</h4>
          <Paged
            className="jp-MlflowTrace-summaryCalls"
            ordered
            items={summary.calls}
            noun="calls"
            render={c => (
              <CallItem key={c.index} call={c} onOpenSpan={onOpenSpan} />
            )}
          />
        </section>
      )}
      {conversation && (
        <section className="jp-MlflowTrace-section" aria-label="Conversation">
          <div className="jp-MlflowTrace-sectionHead">
            <h4>Conversation</h4>
            <button
              type="button"
              className="jp-MlflowTrace-miniButton"
              title="Show the span that holds this conversation"
              onClick={() => onOpenSpan(conversation.index)}
            >
              Open span
            </button>
          </div>
          <ChatView chat={conversation.chat} />
        </section>
      )}
    </div>
  );
}

function Totals(props: { summary: ITraceSummaryData }): JSX.Element {
  const { totals, errors } = props.summary;
  return (
    <div className="jp-MlflowTrace-facts" aria-label="Totals">
      {totals.timeIssue ? (
        <TimeIssueMark issue={totals.timeIssue} subject="trace" />
      ) : (
        <span title="Latency">
          {formatDuration(totals.durationMs, totals.durationPrecision)}
        </span>
      )}
      <span>{plural(totals.modelCalls, 'model call')}</span>
      <span>{plural(totals.toolCalls, 'tool call')}</span>
      {errors.length > 0 && (
        <span className="jp-MlflowTrace-errorText">
          {plural(errors.length, 'error')}
        </span>
      )}
      {hasTokens(totals.tokenUsage) && (
        <span title="Token usage: input / output / total">
          {tokenText(totals.tokenUsage)}
        </span>
      )}
      {hasCost(totals.cost) && (
        <span title="Cost">Cost: {formatCost(totals.cost.totalCost)}</span>
      )}
    </div>
  );
}

function tokenText(u: ITokenUsage): string {
  return `Tokens: in ${formatCount(u.inputTokens)} · out ${formatCount(u.outputTokens)} · total ${formatCount(u.totalTokens)}`;
}

function Value(props: { title: string; value: unknown }): JSX.Element {
  const { title, value } = props;
  return (
    <section className="jp-MlflowTrace-section" aria-label={title}>
      <h4>{title}</h4>
      {value === undefined || value === null ? (
        <div className="jp-MlflowTrace-empty">No {title.toLowerCase()}.</div>
      ) : typeof value === 'string' ? (
        <TextBlock text={value} label={title.toLowerCase()} defaultMarkdown />
      ) : (
        <JsonTree value={value} expandDepth={2} label={title} />
      )}
    </section>
  );
}

function CallItem(props: {
  call: ISummaryCall;
  onOpenSpan: (index: number) => void;
}): JSX.Element {
  const c = props.call;
  return (
    <li
      className={`jp-MlflowTrace-summaryCall jp-mod-${c.kind}`}
      data-span-index={c.index}
    >
      <button
        type="button"
        className="jp-MlflowTrace-summaryCallHead"
        title="Show this span in Details"
        onClick={() => props.onOpenSpan(c.index)}
      >
        <span className="jp-MlflowTrace-summaryKind">
          {c.kind === 'model'
            ? 'Model'
            : c.spanType === 'RETRIEVER'
              ? 'Retriever'
              : 'Tool'}
        </span>
        <span className="jp-MlflowTrace-summaryName">
          <RevealedText text={capText(c.name, 200).text} />
        </span>
        {c.model && (
          <span className="jp-MlflowTrace-note">
            <RevealedText text={capText(c.model, 100).text} />
          </span>
        )}
        <span className="jp-MlflowTrace-note">
          {c.timeIssue ? '—' : formatDuration(c.durationMs)}
        </span>
        {hasTokens(c.tokenUsage) && (
          <span className="jp-MlflowTrace-note">
            {formatCount(c.tokenUsage.totalTokens)} tokens
          </span>
        )}
        {c.status === 'ERROR' && <StatusBadge status="ERROR" />}
      </button>
      {c.input && <Preview label="in" text={c.input} />}
      {c.output && <Preview label="out" text={c.output} />}
    </li>
  );
}

function Preview(props: { label: string; text: string }): JSX.Element {
  return (
    <div className="jp-MlflowTrace-summaryPreview">
      <span className="jp-MlflowTrace-note">{props.label}</span>
      <span className="jp-MlflowTrace-summaryText">
        <RevealedText text={props.text} />
      </span>
    </div>
  );
}

function ErrorItem(props: {
  error: ISummaryError;
  onOpenSpan: (index: number) => void;
}): JSX.Element {
  const e = props.error;
  const lines =
    e.exceptions.length > 0
      ? e.exceptions.map(x => `${x.type}: ${x.message}`)
      : [e.statusMessage || 'Error status, no exception recorded'];
  return (
    <li className="jp-MlflowTrace-summaryError">
      <button
        type="button"
        className="jp-MlflowTrace-miniButton"
        title="Show this span in Details"
        onClick={() => props.onOpenSpan(e.index)}
      >
        <RevealedText text={capText(e.spanName, 200).text} />
      </button>
      {lines.map((line, k) => (
        <span key={k} className="jp-MlflowTrace-errorText">
          <RevealedText text={capText(line, 1000).text} />
        </span>
      ))}
    </li>
  );
}
