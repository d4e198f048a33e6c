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
import type { ILinkedPrompt } from '../model/prompts';
import type { ITokenUsage } from '../model/types';
import { ChatView } from './ChatView';
import { TranslationBundle, useTrans } from './i18n';
import { JsonTree } from './JsonTree';
import { PromptsSection } from './LinkedPrompts';
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
  hasTokens
} from './state/format';

export interface ISummaryViewProps {
  summary: ITraceSummaryData;
  /** Show span `index` in the Details view. */
  onOpenSpan: (index: number) => void;
  /** Registered prompts the trace loaded (model/prompts.ts). */
  prompts?: readonly ILinkedPrompt[];
}

export function SummaryView(props: ISummaryViewProps): JSX.Element {
  const { summary, onOpenSpan } = props;
  const { conversation } = summary;
  const trans = useTrans();
  return (
    <div className="jp-MlflowTrace-summary">
      <Totals summary={summary} />
      <Value
        title={trans.__('Request')}
        empty={trans.__('No request.')}
        label={trans.__('request')}
        value={summary.request}
      />
      <Value
        title={trans.__('Response')}
        empty={trans.__('No response.')}
        label={trans.__('response')}
        value={summary.response}
      />
      {props.prompts && <PromptsSection prompts={props.prompts} />}
      {summary.errors.length > 0 && (
        <section
          className="jp-MlflowTrace-section"
          aria-label={trans.__('Errors')}
        >
          <h4>{trans.__('Errors')}</h4>
          <Paged
            className="jp-MlflowTrace-summaryErrors"
            items={summary.errors}
            shownText={(shown, total) =>
              trans._n(
                'Showing %2 of %3 error',
                'Showing %2 of %3 errors',
                total,
                formatCount(shown),
                formatCount(total)
              )
            }
            render={e => (
              <ErrorItem key={e.index} error={e} onOpenSpan={onOpenSpan} />
            )}
          />
        </section>
      )}
      {summary.calls.length > 0 && (
        <section
          className="jp-MlflowTrace-section"
          aria-label={trans.__('Calls')}
        >
          <h4>{trans.__('Calls')}</h4>
          <Paged
            className="jp-MlflowTrace-summaryCalls"
            ordered
            items={summary.calls}
            shownText={(shown, total) =>
              trans._n(
                'Showing %2 of %3 call',
                'Showing %2 of %3 calls',
                total,
                formatCount(shown),
                formatCount(total)
              )
            }
            render={c => (
              <CallItem key={c.index} call={c} onOpenSpan={onOpenSpan} />
            )}
          />
        </section>
      )}
      {conversation && (
        <section
          className="jp-MlflowTrace-section"
          aria-label={trans.__('Conversation')}
        >
          <div className="jp-MlflowTrace-sectionHead">
            <h4>{trans.__('Conversation')}</h4>
            <button
              type="button"
              className="jp-MlflowTrace-miniButton"
              title={trans.__('Show the span that holds this conversation')}
              onClick={() => onOpenSpan(conversation.index)}
            >
              {trans.__('Open span')}
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
  const trans = useTrans();
  return (
    <div className="jp-MlflowTrace-facts" aria-label={trans.__('Totals')}>
      {totals.timeIssue ? (
        <TimeIssueMark issue={totals.timeIssue} subject="trace" />
      ) : (
        <span title={trans.__('Latency')}>
          {formatDuration(totals.durationMs, totals.durationPrecision)}
        </span>
      )}
      <span>
        {trans._n(
          '%2 model call',
          '%2 model calls',
          totals.modelCalls,
          formatCount(totals.modelCalls)
        )}
      </span>
      <span>
        {trans._n(
          '%2 tool call',
          '%2 tool calls',
          totals.toolCalls,
          formatCount(totals.toolCalls)
        )}
      </span>
      {errors.length > 0 && (
        <span className="jp-MlflowTrace-errorText">
          {trans._n(
            '%2 error',
            '%2 errors',
            errors.length,
            formatCount(errors.length)
          )}
        </span>
      )}
      {hasTokens(totals.tokenUsage) && (
        <span title={trans.__('Token usage: input / output / total')}>
          {tokenText(trans, totals.tokenUsage)}
        </span>
      )}
      {hasCost(totals.cost) && (
        <span title={trans.__('Cost')}>
          {trans.__('Cost: %1', formatCost(totals.cost.totalCost))}
        </span>
      )}
    </div>
  );
}

function tokenText(trans: TranslationBundle, u: ITokenUsage): string {
  return trans.__(
    'Tokens: in %1 · out %2 · total %3',
    formatCount(u.inputTokens),
    formatCount(u.outputTokens),
    formatCount(u.totalTokens)
  );
}

function Value(props: {
  title: string;
  /** Shown when there is no value, e.g. "No request." */
  empty: string;
  /** Accessible name of the text's buttons, e.g. "request". */
  label: string;
  value: unknown;
}): JSX.Element {
  const { title, value } = props;
  return (
    <section className="jp-MlflowTrace-section" aria-label={title}>
      <h4>{title}</h4>
      {value === undefined || value === null ? (
        <div className="jp-MlflowTrace-empty">{props.empty}</div>
      ) : typeof value === 'string' ? (
        <TextBlock text={value} label={props.label} defaultMarkdown />
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
  const trans = useTrans();
  return (
    <li
      className={`jp-MlflowTrace-summaryCall jp-mod-${c.kind}`}
      data-span-index={c.index}
    >
      <button
        type="button"
        className="jp-MlflowTrace-summaryCallHead"
        title={trans.__('Show this span in Details')}
        onClick={() => props.onOpenSpan(c.index)}
      >
        <span className="jp-MlflowTrace-summaryKind">
          {c.kind === 'model'
            ? trans.__('Model')
            : c.spanType === 'RETRIEVER'
              ? trans.__('Retriever')
              : trans.__('Tool')}
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
            {trans._n(
              '%2 token',
              '%2 tokens',
              c.tokenUsage.totalTokens ?? 0,
              formatCount(c.tokenUsage.totalTokens)
            )}
          </span>
        )}
        {c.status === 'ERROR' && <StatusBadge status="ERROR" />}
      </button>
      {c.input && <Preview label={trans.__('in')} text={c.input} />}
      {c.output && (
        <Preview
          label={trans.__('out')}
          text={c.outputIsToolCalls ? trans.__('calls %1', c.output) : c.output}
        />
      )}
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
  const trans = useTrans();
  const lines =
    e.exceptions.length > 0
      ? e.exceptions.map(x => `${x.type}: ${x.message}`)
      : [e.statusMessage || trans.__('Error status, no exception recorded')];
  return (
    <li className="jp-MlflowTrace-summaryError">
      <button
        type="button"
        className="jp-MlflowTrace-miniButton"
        title={trans.__('Show this span in Details')}
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
