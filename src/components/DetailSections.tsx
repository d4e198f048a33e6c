/**
 * The detail pane's tab contents: inputs and outputs (JSON, documents),
 * attributes, events with stack traces, assessments.
 */
import React from 'react';
import type { IAssessment, ISpan } from '../model/types';
import { readTruncationMarker } from '../model/truncation';
import { Highlighted, SearchQueryContext } from './Highlighted';
import { useCopyFeedback } from './hooks';
import { useTrans } from './i18n';
import { CopyIcon, ErrorIcon } from './icons';
import { JsonTree, JSON_PAGE } from './JsonTree';
import { RevealedText } from './RevealedText';
import { TextBlock } from './TextBlock';
import { CappedValue } from './serverCopy';
import { capText, formatCount, formatOffset } from './state/format';
import { asDocumentList, fullJson, IRetrieverDocument } from './state/json';

export function CopyButton(props: {
  text: () => string;
  label: string;
  title?: string;
}): JSX.Element {
  const [copied, copy] = useCopyFeedback();
  const trans = useTrans();
  return (
    <button
      type="button"
      className="jp-MlflowTrace-miniButton"
      aria-label={props.label}
      title={props.title ?? props.label}
      onClick={() => copy(props.text())}
    >
      <CopyIcon />
      <span>{copied ? trans.__('Copied') : trans.__('Copy')}</span>
    </button>
  );
}

/** Rows the detail pane opens a value to at most (deeper levels wait for a click). */
export const OPEN_ROWS = 40;

/**
 * How many levels of `value` the detail pane opens: two when that shows at
 * most `budget` rows, else one (a long list shows one row per item until
 * the user opens one). Counting stops as soon as the budget is exceeded.
 */
export function openDepth(value: unknown, budget = OPEN_ROWS): number {
  let rows = 0;
  const count = (v: unknown, depth: number): boolean => {
    rows++;
    if (rows > budget) {
      return false;
    }
    if (depth === 0 || v === null || typeof v !== 'object') {
      return true;
    }
    for (const child of Object.values(v as object)) {
      if (!count(child, depth - 1)) {
        return false;
      }
    }
    return true;
  };
  return count(value, 2) ? 2 : 1;
}

/** Inputs or Outputs: a title, copy (and JSON for documents), the value. */
function ValueSection(props: {
  title: string;
  value: unknown;
  copyLabel: string;
  jsonLabel: string;
  empty: string;
}): JSX.Element {
  const { value, title } = props;
  const trans = useTrans();
  const docs = React.useMemo(() => asDocumentList(value), [value]);
  const depth = React.useMemo(() => openDepth(value), [value]);
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
            aria-label={props.jsonLabel}
            title={trans.__('Show as JSON')}
            onClick={() => setAsJson(j => !j)}
          >
            {trans.__('JSON')}
          </button>
        )}
        {value !== undefined && (
          <CopyButton
            text={() => (typeof value === 'string' ? value : fullJson(value))}
            label={props.copyLabel}
          />
        )}
      </div>
      {value === undefined ? (
        <div className="jp-MlflowTrace-empty">{props.empty}</div>
      ) : docs && !asJson ? (
        <DocumentList docs={docs} />
      ) : (
        <JsonTree value={value} expandDepth={depth} label={title} />
      )}
    </section>
  );
}

function DocumentList(props: { docs: IRetrieverDocument[] }): JSX.Element {
  const [limit, setLimit] = React.useState(JSON_PAGE);
  const { docs } = props;
  const trans = useTrans();
  return (
    <ol className="jp-MlflowTrace-documents" aria-label={trans.__('Documents')}>
      {docs.slice(0, limit).map((d, k) => (
        <li key={k} className="jp-MlflowTrace-document">
          <div className="jp-MlflowTrace-documentHead">
            <span className="jp-MlflowTrace-note">
              {trans.__('Document %1', k + 1)}
            </span>
            {d.id !== undefined && d.id !== null && <code>{String(d.id)}</code>}
          </div>
          <TextBlock
            text={d.page_content}
            label={trans.__('document %1', k + 1)}
          />
          {d.metadata !== undefined && d.metadata !== null && (
            <JsonTree
              value={d.metadata}
              expandDepth={0}
              label={trans.__('Metadata')}
            />
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
            {trans.__(
              'Show more (%1 remaining)',
              formatCount(docs.length - limit)
            )}
          </button>
        </li>
      )}
    </ol>
  );
}

export function InputsOutputs(props: { span: ISpan }): JSX.Element {
  const trans = useTrans();
  return (
    <div className="jp-MlflowTrace-io">
      <ValueSection
        title={trans.__('Inputs')}
        value={props.span.inputs}
        copyLabel={trans.__('Copy inputs')}
        jsonLabel={trans.__('Show inputs as JSON')}
        empty={trans.__('No inputs.')}
      />
      <ValueSection
        title={trans.__('Outputs')}
        value={props.span.outputs}
        copyLabel={trans.__('Copy outputs')}
        jsonLabel={trans.__('Show outputs as JSON')}
        empty={trans.__('No outputs.')}
      />
    </div>
  );
}

function AttributeValue(props: { name: string; value: unknown }): JSX.Element {
  const v = props.value;
  const query = React.useContext(SearchQueryContext);
  if (readTruncationMarker(v)) {
    return <CappedValue value={v} />;
  }
  if (v !== null && typeof v === 'object') {
    return <JsonTree value={v} expandDepth={0} label={props.name} />;
  }
  if (typeof v === 'string') {
    return v.length > 200 || v.includes('\n') ? (
      <TextBlock text={v} label={props.name} />
    ) : (
      <span className="jp-MlflowTrace-attrText">
        <Highlighted text={v} query={query} plain />
      </span>
    );
  }
  return <JsonTree value={v} />;
}

export function Attributes(props: {
  attributes: Record<string, unknown>;
}): JSX.Element {
  const keys = React.useMemo(
    () => Object.keys(props.attributes),
    [props.attributes]
  );
  const [limit, setLimit] = React.useState(JSON_PAGE);
  const trans = useTrans();
  if (keys.length === 0) {
    return (
      <div className="jp-MlflowTrace-empty">{trans.__('No attributes.')}</div>
    );
  }
  return (
    <>
      <table className="jp-MlflowTrace-attrs">
        <thead>
          <tr>
            <th scope="col">{trans.__('Key')}</th>
            <th scope="col">{trans.__('Value')}</th>
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
            {trans.__(
              'Show more (%1 remaining)',
              formatCount(keys.length - limit)
            )}
          </button>
        </div>
      )}
    </>
  );
}

function StackTrace(props: { text: string }): JSX.Element {
  const [all, setAll] = React.useState(false);
  const trans = useTrans();
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
          {trans.__('Show all (%1 more characters)', formatCount(shown.rest))}
        </button>
      )}
    </>
  );
}

export function Events(props: { span: ISpan }): JSX.Element {
  const { span } = props;
  const [limit, setLimit] = React.useState(JSON_PAGE);
  const trans = useTrans();
  if (span.events.length === 0 && span.exceptions.length === 0) {
    return <div className="jp-MlflowTrace-empty">{trans.__('No events.')}</div>;
  }
  return (
    <div className="jp-MlflowTrace-events">
      {span.exceptions.length > 0 && (
        <ul
          className="jp-MlflowTrace-exceptions"
          aria-label={trans.__('Exceptions')}
        >
          {span.exceptions.map((x, k) => (
            <li key={k} className="jp-MlflowTrace-exception">
              <div className="jp-MlflowTrace-exceptionHead">
                <ErrorIcon />
                <strong className="jp-MlflowTrace-exceptionType">
                  {x.type || trans.__('Exception')}
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
        <ol
          className="jp-MlflowTrace-eventList"
          aria-label={trans.__('Events')}
        >
          {span.events.slice(0, limit).map((ev, k) => (
            <li key={k} className="jp-MlflowTrace-event">
              <div className="jp-MlflowTrace-eventHead">
                <span className="jp-MlflowTrace-eventName">
                  <RevealedText text={ev.name || trans.__('(unnamed event)')} />
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
                  label={trans.__('Event attributes')}
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
            {trans.__(
              'Show more (%1 remaining)',
              formatCount(span.events.length - limit)
            )}
          </button>
        </div>
      )}
    </div>
  );
}

export function Assessments(props: {
  assessments: IAssessment[];
}): JSX.Element {
  const trans = useTrans();
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
          <JsonTree value={a.value} expandDepth={1} label={trans.__('Value')} />
          {a.rationale && (
            <TextBlock text={a.rationale} label={trans.__('rationale')} />
          )}
        </li>
      ))}
    </ul>
  );
}
