/**
 * Detail pane for one span: summary header and tabs Chat / Inputs &
 * Outputs / Attributes / Events (/ Assessments when the span has some).
 */
import React from 'react';
import type { IAssessment, ISpan, ITrace } from '../model/types';
import { ChatView } from './ChatView';
import {
  Assessments,
  Attributes,
  CopyButton,
  Events,
  InputsOutputs
} from './DetailSections';
import { SearchQueryContext, valueContains } from './Highlighted';
import { SpanLinks } from './SpanLinks';
import { ErrorIcon, PinIcon, SpanTypeIcon, typeClass } from './icons';
import { TranslationBundle, useTrans } from './i18n';
import { hasModifier, keepKey } from './keys';
import { RevealedText } from './RevealedText';
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
import { spanTypeKey } from './state/filter';

export { CopyButton };

export type DetailTab = 'chat' | 'io' | 'attributes' | 'events' | 'assessments';

/** The tabs' names, in the user's language. */
function tabLabels(trans: TranslationBundle): Record<DetailTab, string> {
  return {
    chat: trans.__('Chat'),
    io: trans.__('Inputs / Outputs'),
    attributes: trans.__('Attributes'),
    events: trans.__('Events'),
    assessments: trans.__('Assessments')
  };
}

/**
 * A span type as the badge shows it: MLflow's own code for the known types
 * (translatable, e.g. into a script that spells them differently), the
 * trace's text as is for custom types.
 */
function typeLabel(type: string, trans: TranslationBundle): string {
  const known: Record<string, string> = {
    LLM: trans.__('LLM'),
    CHAT_MODEL: trans.__('CHAT_MODEL'),
    CHAIN: trans.__('CHAIN'),
    AGENT: trans.__('AGENT'),
    TOOL: trans.__('TOOL'),
    RETRIEVER: trans.__('RETRIEVER'),
    EMBEDDING: trans.__('EMBEDDING'),
    RERANKER: trans.__('RERANKER'),
    PARSER: trans.__('PARSER'),
    MEMORY: trans.__('MEMORY'),
    FUNCTION: trans.__('FUNCTION'),
    UNKNOWN: trans.__('UNKNOWN')
  };
  return Object.prototype.hasOwnProperty.call(known, type) ? known[type] : type;
}

export interface ISpanDetailProps {
  trace: ITrace;
  span: ISpan;
  /** Trace time origin (ms) for "started at +x". */
  t0: number;
  /** Base for element ids (tabs / panels). */
  idPrefix: string;
  /** The search query when this span matches it: its tab opens, the field is marked. */
  query?: string;
  /** Select span `index` of this trace (a link to it was followed). */
  onOpenSpan?: (index: number) => void;
}

/** The tabs whose content holds `query`, in tab order. */
export function tabsHoldingQuery(span: ISpan, query: string): DetailTab[] {
  const out: DetailTab[] = [];
  if (!query.trim()) {
    return out;
  }
  if (valueContains([span.inputs, span.outputs], query)) {
    out.push('io');
  }
  if (valueContains(span.attributes, query)) {
    out.push('attributes');
  }
  return out;
}

/** Assessments attached to the span; trace-level ones go to root spans. */
export function assessmentsFor(trace: ITrace, span: ISpan): IAssessment[] {
  const isFirstRoot = span.index === (trace.rootIndices[0] ?? 0);
  return trace.assessments.filter(a =>
    a.spanId ? a.spanId === span.id : isFirstRoot
  );
}

/**
 * Whether the pane around `el` (its parent: the scrolling detail pane) holds
 * more than its height. The tab bar sticks to the top only then: a sticky
 * box costs the page's compositing on every frame of a notebook scroll. The
 * observer's first report (after layout) gives the first answer.
 */
function usePaneScrolls(el: HTMLElement | null): boolean {
  const [scrolls, setScrolls] = React.useState(false);
  React.useEffect(() => {
    const pane = el?.parentElement;
    if (!el || !pane || typeof ResizeObserver === 'undefined') {
      return;
    }
    const observer = new ResizeObserver(() =>
      setScrolls(pane.scrollHeight > pane.clientHeight + 1)
    );
    observer.observe(el);
    observer.observe(pane);
    return () => observer.disconnect();
  }, [el]);
  return scrolls;
}

export function SpanDetail(props: ISpanDetailProps): JSX.Element {
  const { span, trace, idPrefix } = props;
  const trans = useTrans();
  const labels = tabLabels(trans);
  const [root, setRoot] = React.useState<HTMLDivElement | null>(null);
  const paneScrolls = usePaneScrolls(root);
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
  const query = props.query ?? '';
  const holding = React.useMemo(
    () => tabsHoldingQuery(span, query),
    [span, query]
  );
  let tab: DetailTab =
    preferred && tabs.includes(preferred) ? preferred : tabs[0];
  // Search shows where the match is (inputs and outputs first: MLflow
  // also keeps them as attribute strings), over a pin, unless the user
  // picked a tab for this span.
  const pickedHere = shownSpan === span && chosen !== null;
  if (holding.length > 0 && !pickedHere) {
    tab = holding[0];
  }
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
    <SearchQueryContext.Provider value={query}>
      <div
        ref={setRoot}
        className={`jp-MlflowTrace-detail${paneScrolls ? ' jp-mod-paneScrolls' : ''}`}
        aria-label={trans.__('Span details')}
      >
        <SpanSummary span={span} t0={props.t0} />
        {span.links && (
          <SpanLinks
            trace={trace}
            links={span.links}
            onOpenSpan={props.onOpenSpan}
          />
        )}
        <div className="jp-MlflowTrace-tabsBar">
          <div
            className="jp-MlflowTrace-tabs"
            role="tablist"
            aria-label={trans.__('Span detail tabs')}
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
                {labels[t]}
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
            aria-label={trans.__('Keep this tab for other spans')}
            title={
              pinned !== null
                ? trans.__(
                    '"%1" stays open for every span that has it; click to unpin',
                    labels[pinned]
                  )
                : trans.__('Keep this tab open when another span is selected')
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
    </SearchQueryContext.Provider>
  );
}

function SpanSummary(props: { span: ISpan; t0: number }): JSX.Element {
  const { span } = props;
  const trans = useTrans();
  const type = spanTypeKey(span.spanType);
  return (
    <div className="jp-MlflowTrace-detailHead">
      <div className="jp-MlflowTrace-detailTitle">
        <SpanTypeIcon spanType={type} />
        <h3
          className="jp-MlflowTrace-detailName"
          title={revealInvisibleText(span.name)}
        >
          <RevealedText text={span.name || trans.__('(unnamed span)')} />
        </h3>
      </div>
      <div className="jp-MlflowTrace-facts">
        <span className={`jp-MlflowTrace-typeBadge ${typeClass(type)}`}>
          {typeLabel(type, trans)}
        </span>
        <StatusBadge status={span.status} />
        {span.timeIssue ? (
          <TimeIssueMark issue={span.timeIssue} subject="span" />
        ) : (
          <span title={trans.__('Duration')}>
            {formatDuration(span.durationMs)}
          </span>
        )}
        <span title={trans.__('Start, relative to the trace start')}>
          {trans.__(
            'at +%1',
            formatOffset(Math.max(0, span.startMs - props.t0))
          )}
        </span>
        {span.endMs === null && !span.timeIssue && (
          <span className="jp-MlflowTrace-note">{trans.__('not ended')}</span>
        )}
        {span.model && (
          <span title={trans.__('Model')}>
            {trans.__('model')} <code>{span.model}</code>
          </span>
        )}
        {hasTokens(span.tokenUsage) && (
          <span title={trans.__('Tokens (input / output / total)')}>
            {trans.__(
              'tokens %1 / %2 / %3',
              formatCount(span.tokenUsage.inputTokens),
              formatCount(span.tokenUsage.outputTokens),
              formatCount(span.tokenUsage.totalTokens)
            )}
          </span>
        )}
        {hasCost(span.cost) && (
          <span title={trans.__('Cost (total)')}>
            {trans.__('cost %1', formatCost(span.cost.totalCost))}
          </span>
        )}
        <span className="jp-MlflowTrace-id">
          <span className="jp-MlflowTrace-note">{trans.__('span')}</span>{' '}
          <code>
            <RevealedText text={span.id} />
          </code>
          <CopyButton text={() => span.id} label={trans.__('Copy span id')} />
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
  const trans = useTrans();
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
      ? trans.__('In progress')
      : s === 'UNSPECIFIED'
        ? trans.__('Unspecified')
        : s === 'UNSET'
          ? trans.__('Unset')
          : s === 'ERROR'
            ? trans.__('Error')
            : s === 'OK'
              ? trans.__('OK')
              : s;
  return (
    <span className={`jp-MlflowTrace-status ${cls}`}>
      {s === 'ERROR' && <ErrorIcon />}
      {label}
    </span>
  );
}
