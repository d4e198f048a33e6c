/**
 * Detail pane for one span: summary header and tabs Chat / Inputs &
 * Outputs / Attributes / Events (/ Assessments when the span has some).
 */
import React from 'react';
import type { IAssessment, ISpan, ITrace } from '../model/types';
import { ChatView } from './ChatView';
import { useCopyFeedback } from './hooks';
import { CopyIcon, ErrorIcon, PinIcon, SpanTypeIcon, typeClass } from './icons';
import { JsonTree, JSON_PAGE } from './JsonTree';
import { hasModifier, keepKey } from './keys';
import { RevealedText } from './RevealedText';
import { TextBlock } from './TextBlock';
import { TimeIssueMark } from './TimeIssueMark';
import {
  capText,
  formatCost,
  formatCount,
  formatDuration,
  formatOffset,
  hasCost,
  hasTokens,
  revealInvisibleText
} from './state/format';
import { asDocumentList, fullJson, IRetrieverDocument } from './state/json';
import { spanTypeKey } from './state/filter';

export type DetailTab = 'chat' | 'io' | 'attributes' | 'events' | 'assessments';

const TAB_LABELS: Record<DetailTab, string> = {
  chat: 'Chat',
  io: 'Inputs / Outputs',
  attributes: 'Attributes',
  events: 'Events',
  assessments: 'Assessments'
};

export interface ISpanDetailProps {
  trace: ITrace;
  span: ISpan;
  /** Trace time origin (ms) for "started at +x". */
  t0: number;
  /** Base for element ids (tabs / panels). */
  idPrefix: string;
}

/** Assessments attached to the span; trace-level ones go to root spans. */
export function assessmentsFor(trace: ITrace, span: ISpan): IAssessment[] {
  const isFirstRoot = span.index === (trace.rootIndices[0] ?? 0);
  return trace.assessments.filter(a =>
    a.spanId ? a.spanId === span.id : isFirstRoot
  );
}

export function SpanDetail(props: ISpanDetailProps): JSX.Element {
  const { span, trace, idPrefix } = props;
  // A tab chosen for one span is forgotten when another span is selected
  // (its Events tab says "No events." more often than not), unless the
  // user pinned it: then it stays for every span that has it.
  const [chosen, setChosen] = React.useState<DetailTab | null>(null);
  const [pinned, setPinned] = React.useState<DetailTab | null>(null);
  const [shownSpan, setShownSpan] = React.useState(span);
  if (shownSpan !== span) {
    // A new span (set during render: no frame shows the old tab).
    setShownSpan(span);
    setChosen(null);
  }
  const preferred = shownSpan === span ? (chosen ?? pinned) : pinned;
  const setPreferred = (t: DetailTab) => {
    setChosen(t);
    if (pinned !== null) {
      setPinned(t);
    }
  };
  const assessments = React.useMemo(
    () => assessmentsFor(trace, span),
    [trace, span]
  );
  const tabs: DetailTab[] = [];
  if (span.chat) {
    tabs.push('chat');
  }
  tabs.push('io', 'attributes', 'events');
  if (assessments.length > 0) {
    tabs.push('assessments');
  }
  const tab: DetailTab =
    preferred && tabs.includes(preferred) ? preferred : tabs[0];
  const tabRefs = React.useRef<Record<string, HTMLButtonElement | null>>({});

  const onTabKey = (e: React.KeyboardEvent) => {
    if (hasModifier(e)) {
      return;
    }
    const k = tabs.indexOf(tab);
    let next = -1;
    if (e.key === 'ArrowRight') {
      next = (k + 1) % tabs.length;
    } else if (e.key === 'ArrowLeft') {
      next = (k - 1 + tabs.length) % tabs.length;
    } else if (e.key === 'Home') {
      next = 0;
    } else if (e.key === 'End') {
      next = tabs.length - 1;
    }
    if (next >= 0) {
      keepKey(e);
      setPreferred(tabs[next]);
      tabRefs.current[tabs[next]]?.focus();
    }
  };

  const counts: Partial<Record<DetailTab, number>> = {
    attributes: Object.keys(span.attributes).length,
    events: span.events.length,
    assessments: assessments.length
  };

  return (
    <div className="jp-MlflowTrace-detail" aria-label="Span details">
      <SpanSummary span={span} t0={props.t0} />
      <div className="jp-MlflowTrace-tabsBar">
        <div
          className="jp-MlflowTrace-tabs"
          role="tablist"
          aria-label="Span detail tabs"
          onKeyDown={onTabKey}
        >
          {tabs.map(t => (
            <button
              key={t}
              ref={el => {
                tabRefs.current[t] = el;
              }}
              type="button"
              role="tab"
              id={`${idPrefix}-tab-${t}`}
              aria-selected={t === tab}
              aria-controls={`${idPrefix}-panel`}
              tabIndex={t === tab ? 0 : -1}
              className={`jp-MlflowTrace-tab${t === tab ? ' jp-mod-active' : ''}`}
              onClick={() => setPreferred(t)}
            >
              {TAB_LABELS[t]}
              {counts[t] ? (
                <span className="jp-MlflowTrace-tabCount">
                  {formatCount(counts[t])}
                </span>
              ) : null}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="jp-MlflowTrace-pinTab"
          aria-pressed={pinned !== null}
          aria-label="Keep this tab for other spans"
          title={
            pinned !== null
              ? `"${TAB_LABELS[pinned]}" stays open for every span that has it; click to unpin`
              : 'Keep this tab open when another span is selected'
          }
          onClick={() => setPinned(p => (p === null ? tab : null))}
        >
          <PinIcon />
        </button>
      </div>
      <div
        className="jp-MlflowTrace-tabPanel"
        role="tabpanel"
        id={`${idPrefix}-panel`}
        aria-labelledby={`${idPrefix}-tab-${tab}`}
        tabIndex={0}
      >
        {/* key: a new span starts with fresh expansion state. */}
        {tab === 'chat' && span.chat && (
          <ChatView key={span.index} chat={span.chat} />
        )}
        {tab === 'io' && <InputsOutputs key={span.index} span={span} />}
        {tab === 'attributes' && (
          <Attributes key={span.index} attributes={span.attributes} />
        )}
        {tab === 'events' && <Events key={span.index} span={span} />}
        {tab === 'assessments' && (
          <Assessments key={span.index} assessments={assessments} />
        )}
      </div>
    </div>
  );
}

function CopyButton(props: {
  text: () => string;
  label: string;
  title?: string;
}): JSX.Element {
  const [copied, copy] = useCopyFeedback();
  return (
    <button
      type="button"
      className="jp-MlflowTrace-miniButton"
      aria-label={props.label}
      title={props.title ?? props.label}
      onClick={() => copy(props.text())}
    >
      <CopyIcon />
      <span>{copied ? 'Copied' : 'Copy'}</span>
    </button>
  );
}

export { CopyButton };

function SpanSummary(props: { span: ISpan; t0: number }): JSX.Element {
  const { span } = props;
  const type = spanTypeKey(span.spanType);
  return (
    <div className="jp-MlflowTrace-detailHead">
      <div className="jp-MlflowTrace-detailTitle">
        <SpanTypeIcon spanType={type} />
        <h3
          className="jp-MlflowTrace-detailName"
          title={revealInvisibleText(span.name)}
        >
          <RevealedText text={span.name || '(unnamed span)'} />
        </h3>
      </div>
      <div className="jp-MlflowTrace-facts">
        <span className={`jp-MlflowTrace-typeBadge ${typeClass(type)}`}>
          {type}
        </span>
        <StatusBadge status={span.status} />
        {span.timeIssue ? (
          <TimeIssueMark issue={span.timeIssue} subject="span" />
        ) : (
          <span title="Duration">{formatDuration(span.durationMs)}</span>
        )}
        <span title="Start, relative to the trace start">
          at +{formatOffset(Math.max(0, span.startMs - props.t0))}
        </span>
        {span.endMs === null && !span.timeIssue && (
          <span className="jp-MlflowTrace-note">not ended</span>
        )}
        {span.model && (
          <span title="Model">
            model <code>{span.model}</code>
          </span>
        )}
        {hasTokens(span.tokenUsage) && (
          <span title="Tokens (input / output / total)">
            tokens {formatCount(span.tokenUsage.inputTokens)} /{' '}
            {formatCount(span.tokenUsage.outputTokens)} /{' '}
            {formatCount(span.tokenUsage.totalTokens)}
          </span>
        )}
        {hasCost(span.cost) && (
          <span title="Cost (total)">
            cost {formatCost(span.cost.totalCost)}
          </span>
        )}
        <span className="jp-MlflowTrace-id">
          <span className="jp-MlflowTrace-note">span</span>{' '}
          <code>
            <RevealedText text={span.id} />
          </code>
          <CopyButton text={() => span.id} label="Copy span id" />
        </span>
      </div>
      {span.status === 'ERROR' && span.statusMessage && (
        <div className="jp-MlflowTrace-errorBox" role="note">
          <ErrorIcon />
          <span>{capText(span.statusMessage, 2000).text}</span>
        </div>
      )}
    </div>
  );
}

export function StatusBadge(props: { status: string }): JSX.Element {
  const s = props.status;
  const cls =
    s === 'OK'
      ? 'jp-mod-ok'
      : s === 'ERROR'
        ? 'jp-mod-error'
        : s === 'IN_PROGRESS'
          ? 'jp-mod-progress'
          : 'jp-mod-unset';
  const label =
    s === 'IN_PROGRESS'
      ? 'In progress'
      : s === 'UNSPECIFIED'
        ? 'Unspecified'
        : s === 'UNSET'
          ? 'Unset'
          : s === 'ERROR'
            ? 'Error'
            : s === 'OK'
              ? 'OK'
              : s;
  return (
    <span className={`jp-MlflowTrace-status ${cls}`}>
      {s === 'ERROR' && <ErrorIcon />}
      {label}
    </span>
  );
}

function ValueSection(props: { title: string; value: unknown }): JSX.Element {
  const { value, title } = props;
  const docs = React.useMemo(() => asDocumentList(value), [value]);
  const [asJson, setAsJson] = React.useState(false);
  return (
    <section className="jp-MlflowTrace-section" aria-label={title}>
      <div className="jp-MlflowTrace-sectionHead">
        <h4>{title}</h4>
        {docs && (
          <button
            type="button"
            className="jp-MlflowTrace-miniButton"
            aria-pressed={asJson}
            aria-label={`Show ${title.toLowerCase()} as JSON`}
            title="Show as JSON"
            onClick={() => setAsJson(j => !j)}
          >
            JSON
          </button>
        )}
        {value !== undefined && (
          <CopyButton
            text={() => (typeof value === 'string' ? value : fullJson(value))}
            label={`Copy ${title.toLowerCase()}`}
          />
        )}
      </div>
      {value === undefined ? (
        <div className="jp-MlflowTrace-empty">No {title.toLowerCase()}.</div>
      ) : docs && !asJson ? (
        <DocumentList docs={docs} />
      ) : (
        <JsonTree value={value} expandDepth={2} label={title} />
      )}
    </section>
  );
}

function DocumentList(props: { docs: IRetrieverDocument[] }): JSX.Element {
  const [limit, setLimit] = React.useState(JSON_PAGE);
  const { docs } = props;
  return (
    <ol className="jp-MlflowTrace-documents" aria-label="Documents">
      {docs.slice(0, limit).map((d, k) => (
        <li key={k} className="jp-MlflowTrace-document">
          <div className="jp-MlflowTrace-documentHead">
            <span className="jp-MlflowTrace-note">Document {k + 1}</span>
            {d.id !== undefined && d.id !== null && <code>{String(d.id)}</code>}
          </div>
          <TextBlock text={d.page_content} label={`document ${k + 1}`} />
          {d.metadata !== undefined && d.metadata !== null && (
            <JsonTree value={d.metadata} expandDepth={0} label="Metadata" />
          )}
        </li>
      ))}
      {docs.length > limit && (
        <li className="jp-MlflowTrace-more">
          <button
            type="button"
            className="jp-MlflowTrace-miniButton"
            onClick={() => setLimit(l => l + JSON_PAGE)}
          >
            Show more ({formatCount(docs.length - limit)} remaining)
          </button>
        </li>
      )}
    </ol>
  );
}

function InputsOutputs(props: { span: ISpan }): JSX.Element {
  return (
    <div className="jp-MlflowTrace-io">
      <ValueSection title="Inputs" value={props.span.inputs} />
      <ValueSection title="Outputs" value={props.span.outputs} />
    </div>
  );
}

function AttributeValue(props: { name: string; value: unknown }): JSX.Element {
  const v = props.value;
  if (v !== null && typeof v === 'object') {
    return <JsonTree value={v} expandDepth={0} label={props.name} />;
  }
  if (typeof v === 'string') {
    return v.length > 200 || v.includes('\n') ? (
      <TextBlock text={v} label={props.name} />
    ) : (
      <span className="jp-MlflowTrace-attrText">{v}</span>
    );
  }
  return <JsonTree value={v} />;
}

function Attributes(props: {
  attributes: Record<string, unknown>;
}): JSX.Element {
  const keys = React.useMemo(
    () => Object.keys(props.attributes),
    [props.attributes]
  );
  const [limit, setLimit] = React.useState(JSON_PAGE);
  if (keys.length === 0) {
    return <div className="jp-MlflowTrace-empty">No attributes.</div>;
  }
  return (
    <>
      <table className="jp-MlflowTrace-attrs">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {keys.slice(0, limit).map(k => (
            <tr key={k}>
              <th scope="row" className="jp-MlflowTrace-attrKey">
                <RevealedText text={k} />
              </th>
              <td>
                <AttributeValue name={k} value={props.attributes[k]} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {keys.length > limit && (
        <div className="jp-MlflowTrace-more">
          <button
            type="button"
            className="jp-MlflowTrace-miniButton"
            onClick={() => setLimit(l => l + JSON_PAGE)}
          >
            Show more ({formatCount(keys.length - limit)} remaining)
          </button>
        </div>
      )}
    </>
  );
}

function StackTrace(props: { text: string }): JSX.Element {
  const [all, setAll] = React.useState(false);
  const shown = all
    ? { text: props.text, rest: 0 }
    : capText(props.text, 20_000);
  return (
    <>
      <pre className="jp-MlflowTrace-stack">{shown.text}</pre>
      {shown.rest > 0 && (
        <button
          type="button"
          className="jp-MlflowTrace-miniButton"
          onClick={() => setAll(true)}
        >
          Show all ({formatCount(shown.rest)} more characters)
        </button>
      )}
    </>
  );
}

function Events(props: { span: ISpan }): JSX.Element {
  const { span } = props;
  const [limit, setLimit] = React.useState(JSON_PAGE);
  if (span.events.length === 0 && span.exceptions.length === 0) {
    return <div className="jp-MlflowTrace-empty">No events.</div>;
  }
  return (
    <div className="jp-MlflowTrace-events">
      {span.exceptions.length > 0 && (
        <ul className="jp-MlflowTrace-exceptions" aria-label="Exceptions">
          {span.exceptions.map((x, k) => (
            <li key={k} className="jp-MlflowTrace-exception">
              <div className="jp-MlflowTrace-exceptionHead">
                <ErrorIcon />
                <strong className="jp-MlflowTrace-exceptionType">
                  {x.type || 'Exception'}
                </strong>
              </div>
              {x.message && (
                <div className="jp-MlflowTrace-exceptionMessage">
                  {capText(x.message, 20_000).text}
                </div>
              )}
              {x.stacktrace && <StackTrace text={x.stacktrace} />}
            </li>
          ))}
        </ul>
      )}
      {span.events.length > 0 && (
        <ol className="jp-MlflowTrace-eventList" aria-label="Events">
          {span.events.slice(0, limit).map((ev, k) => (
            <li key={k} className="jp-MlflowTrace-event">
              <div className="jp-MlflowTrace-eventHead">
                <span className="jp-MlflowTrace-eventName">
                  <RevealedText text={ev.name || '(unnamed event)'} />
                </span>
                {ev.timeMs !== null && Number.isFinite(ev.timeMs) && (
                  <span className="jp-MlflowTrace-note">
                    +{formatOffset(Math.max(0, ev.timeMs - span.startMs))}
                  </span>
                )}
              </div>
              {Object.keys(ev.attributes).length > 0 && (
                <JsonTree
                  value={ev.attributes}
                  expandDepth={0}
                  label="Event attributes"
                />
              )}
            </li>
          ))}
        </ol>
      )}
      {span.events.length > limit && (
        <div className="jp-MlflowTrace-more">
          <button
            type="button"
            className="jp-MlflowTrace-miniButton"
            onClick={() => setLimit(l => l + JSON_PAGE)}
          >
            Show more ({formatCount(span.events.length - limit)} remaining)
          </button>
        </div>
      )}
    </div>
  );
}

function Assessments(props: { assessments: IAssessment[] }): JSX.Element {
  return (
    <ul className="jp-MlflowTrace-assessments">
      {props.assessments.map((a, k) => (
        <li key={k} className="jp-MlflowTrace-assessment">
          <div className="jp-MlflowTrace-eventHead">
            <strong>{a.name}</strong>
            <span className="jp-MlflowTrace-note">{a.kind}</span>
            {a.sourceType && (
              <span className="jp-MlflowTrace-note">{a.sourceType}</span>
            )}
          </div>
          <JsonTree value={a.value} expandDepth={1} label="Value" />
          {a.rationale && <TextBlock text={a.rationale} label="rationale" />}
        </li>
      ))}
    </ul>
  );
}
