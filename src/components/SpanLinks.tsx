/**
 * The "Links" section of a span's details: its OTel links (model/links.ts).
 * A link to a span of this trace selects that span; a link to another trace
 * shows that trace's id and, when the glue can open traces
 * (`ViewerContext.openTrace`), opens it in a trace tab. Ids and attributes
 * are hostile text: React text only, capped.
 */
import React from 'react';
import { linkTarget } from '../model/links';
import type { ISpanLink, ITrace } from '../model/types';
import { CopyButton } from './DetailSections';
import { ViewerContext } from './hooks';
import { useTrans } from './i18n';
import { RevealedText } from './RevealedText';
import { capText } from './state/format';

export interface ISpanLinksProps {
  trace: ITrace;
  links: readonly ISpanLink[];
  /** Select span `index` of this trace. */
  onOpenSpan?: (index: number) => void;
}

export function SpanLinks(props: ISpanLinksProps): JSX.Element {
  const trans = useTrans();
  return (
    <section
      className="jp-MlflowTrace-section jp-MlflowTrace-links"
      aria-label={trans.__('Links')}
    >
      <h4>{trans.__('Links')}</h4>
      <ul className="jp-MlflowTrace-linkList">
        {props.links.map((link, k) => (
          <LinkItem
            key={k}
            trace={props.trace}
            link={link}
            onOpenSpan={props.onOpenSpan}
          />
        ))}
      </ul>
    </section>
  );
}

function LinkItem(props: {
  trace: ITrace;
  link: ISpanLink;
  onOpenSpan?: (index: number) => void;
}): JSX.Element {
  const { trace, link, onOpenSpan } = props;
  const trans = useTrans();
  const openTrace = React.useContext(ViewerContext).openTrace;
  const target = linkTarget(trace, link);
  const spanId = <Id label={trans.__('span')} text={link.spanId} />;
  let body: React.ReactNode;
  if (target.kind === 'span') {
    const linked = trace.spans[target.spanIndex];
    const name = linked.name || trans.__('(unnamed span)');
    body = (
      <>
        <button
          type="button"
          className="jp-MlflowTrace-miniButton jp-MlflowTrace-linkSpan"
          title={trans.__(
            'Select the linked span "%1"',
            capText(name, 200).text
          )}
          disabled={!onOpenSpan}
          onClick={() => onOpenSpan?.(target.spanIndex)}
        >
          <RevealedText text={capText(name, 200).text} />
        </button>
        {spanId}
      </>
    );
  } else if (target.kind === 'missing-span') {
    body = (
      <>
        <span className="jp-MlflowTrace-note">
          {trans.__('A span this trace does not hold:')}
        </span>
        {spanId}
      </>
    );
  } else {
    body = (
      <>
        <Id label={trans.__('trace')} text={target.traceId} />
        <CopyButton
          text={() => target.traceId}
          label={trans.__('Copy linked trace id')}
        />
        {openTrace && (
          <button
            type="button"
            className="jp-MlflowTrace-miniButton"
            title={trans.__('Open the linked trace in a tab')}
            onClick={() => openTrace(target.traceId)}
          >
            {trans.__('Open trace')}
          </button>
        )}
        {spanId}
      </>
    );
  }
  const attributes = Object.entries(link.attributes);
  return (
    <li className="jp-MlflowTrace-spanLink" data-link-kind={target.kind}>
      <div className="jp-MlflowTrace-linkHead">{body}</div>
      {attributes.length > 0 && (
        <dl className="jp-MlflowTrace-linkAttributes">
          {attributes.slice(0, 20).map(([key, value]) => (
            <React.Fragment key={key}>
              <dt>
                <RevealedText text={capText(key, 200).text} />
              </dt>
              <dd>
                <RevealedText text={capText(attributeText(value), 500).text} />
              </dd>
            </React.Fragment>
          ))}
        </dl>
      )}
    </li>
  );
}

/** An id with what it is ("trace", "span"), kept together when the line wraps. */
function Id(props: { label?: string; text: string }): JSX.Element {
  return (
    <span className="jp-MlflowTrace-linkPart">
      {props.label && (
        <span className="jp-MlflowTrace-note">{props.label}</span>
      )}
      <code className="jp-MlflowTrace-linkId">
        <RevealedText text={capText(props.text || '—', 200).text} />
      </code>
    </span>
  );
}

function attributeText(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
