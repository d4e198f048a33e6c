/**
 * Collapsible JSON tree. Lazy: a node's children are only created when it
 * is expanded, and long arrays / objects are paginated, so a 50,000-item
 * list costs one row until opened.
 */
import React from 'react';
import { parseAttachmentRef } from '../model/attachments';
import { readTruncationMarker } from '../model/truncation';
import { AttachmentView } from './attachments/AttachmentView';
import { Highlighted, SearchQueryContext, useHoldsQuery } from './Highlighted';
import { useTrans } from './i18n';
import { ChevronIcon } from './icons';
import { CappedValue } from './serverCopy';
import { TextBlock } from './TextBlock';
import { formatCount } from './state/format';
import { isLongText, kindOf, primitiveText } from './state/json';

/** Children shown per page of a long array / object. */
export const JSON_PAGE = 100;

export interface IJsonTreeProps {
  value: unknown;
  /** Levels expanded initially (0 = only the root summary). Default 1. */
  expandDepth?: number;
  /** Accessible name of the tree, e.g. "Inputs". */
  label?: string;
}

export function JsonTree(props: IJsonTreeProps): JSX.Element {
  if (readTruncationMarker(props.value)) {
    return <CappedValue value={props.value} />;
  }
  const kind = kindOf(props.value);
  const attachment = parseAttachmentRef(props.value);
  if (attachment) {
    return <AttachmentView attachment={attachment} />;
  }
  if (kind === 'string' && isLongText(props.value as string)) {
    return <TextBlock text={props.value as string} label={props.label} />;
  }
  return (
    <div className="jp-MlflowTrace-json" aria-label={props.label}>
      <JsonNode
        value={props.value}
        depth={0}
        expandDepth={props.expandDepth ?? 1}
      />
    </div>
  );
}

interface INodeProps {
  name?: string | number;
  value: unknown;
  depth: number;
  expandDepth: number;
}

function KeyLabel(props: { name?: string | number }): JSX.Element | null {
  const query = React.useContext(SearchQueryContext);
  if (props.name === undefined) {
    return null;
  }
  return (
    <span
      className={
        typeof props.name === 'number'
          ? 'jp-MlflowTrace-jsonIndex'
          : 'jp-MlflowTrace-jsonKey'
      }
    >
      {typeof props.name === 'string' ? (
        <Highlighted text={props.name} query={query} />
      ) : (
        props.name
      )}
      {': '}
    </span>
  );
}

function JsonNode(props: INodeProps): JSX.Element {
  const { value, name } = props;
  if (readTruncationMarker(value)) {
    return (
      <div className="jp-MlflowTrace-jsonRow jp-MlflowTrace-jsonLong">
        <KeyLabel name={name} />
        <CappedValue value={value} />
      </div>
    );
  }
  const kind = kindOf(value);
  if (kind !== 'array' && kind !== 'object') {
    const attachment = parseAttachmentRef(value);
    if (attachment) {
      return (
        <div className="jp-MlflowTrace-jsonRow jp-MlflowTrace-jsonLong">
          <KeyLabel name={name} />
          <AttachmentView attachment={attachment} />
        </div>
      );
    }
    if (kind === 'string' && isLongText(value as string)) {
      return (
        <div className="jp-MlflowTrace-jsonRow jp-MlflowTrace-jsonLong">
          <KeyLabel name={name} />
          <TextBlock
            text={value as string}
            label={name === undefined ? undefined : String(name)}
          />
        </div>
      );
    }
    return (
      <div className="jp-MlflowTrace-jsonRow">
        <KeyLabel name={name} />
        <span className={`jp-MlflowTrace-json-${kind}`}>
          <PrimitiveText text={primitiveText(value)} />
        </span>
      </div>
    );
  }
  return <JsonContainer {...props} />;
}

function PrimitiveText(props: { text: string }): JSX.Element {
  const query = React.useContext(SearchQueryContext);
  return <Highlighted text={props.text} query={query} plain />;
}

function JsonContainer(props: INodeProps): JSX.Element {
  const { value, name, depth, expandDepth } = props;
  const trans = useTrans();
  const isArray = Array.isArray(value);
  // A node holding the search query opens until the user closes it.
  const holdsQuery = useHoldsQuery(value);
  const [toggled, setToggled] = React.useState<boolean | null>(null);
  const open = toggled ?? (depth < expandDepth || holdsQuery);
  const setOpen = (f: (o: boolean) => boolean) => setToggled(f(open));
  const [limit, setLimit] = React.useState(JSON_PAGE);
  // Only rendered nodes compute keys; their children wait for expansion.
  const keys = React.useMemo(
    () => (isArray ? null : Object.keys(value as object)),
    [isArray, value]
  );
  const total = isArray ? (value as unknown[]).length : keys!.length;
  const [openBr, closeBr] = isArray ? ['[', ']'] : ['{', '}'];

  if (total === 0) {
    return (
      <div className="jp-MlflowTrace-jsonRow">
        <KeyLabel name={name} />
        <span className="jp-MlflowTrace-jsonPunct">
          {openBr}
          {closeBr}
        </span>
      </div>
    );
  }
  const summary = isArray
    ? trans._n('%2 item', '%2 items', total, formatCount(total))
    : trans._n('%2 key', '%2 keys', total, formatCount(total));

  const children: JSX.Element[] = [];
  if (open) {
    const n = Math.min(total, limit);
    for (let k = 0; k < n; k++) {
      const childName = isArray ? k : keys![k];
      const childValue = isArray
        ? (value as unknown[])[k]
        : (value as Record<string, unknown>)[keys![k]];
      children.push(
        <JsonNode
          key={k}
          name={childName}
          value={childValue}
          depth={depth + 1}
          expandDepth={expandDepth}
        />
      );
    }
  }
  return (
    <div className="jp-MlflowTrace-jsonRow jp-MlflowTrace-jsonContainer">
      <button
        type="button"
        className="jp-MlflowTrace-jsonToggle"
        aria-expanded={open}
        title={open ? trans.__('Collapse') : trans.__('Expand')}
        onClick={() => setOpen(o => !o)}
      >
        <ChevronIcon open={open} />
        <KeyLabel name={name} />
        <span className="jp-MlflowTrace-jsonPunct">{openBr}</span>
        {!open && (
          <span className="jp-MlflowTrace-jsonSummary">
            {` ${summary} `}
            <span className="jp-MlflowTrace-jsonPunct">{closeBr}</span>
          </span>
        )}
      </button>
      {open && (
        <>
          <div className="jp-MlflowTrace-jsonChildren">
            {children}
            {total > limit && (
              <div className="jp-MlflowTrace-more">
                <span>
                  {isArray
                    ? trans._n(
                        'Showing %2 of %3 item',
                        'Showing %2 of %3 items',
                        total,
                        formatCount(limit),
                        formatCount(total)
                      )
                    : trans._n(
                        'Showing %2 of %3 key',
                        'Showing %2 of %3 keys',
                        total,
                        formatCount(limit),
                        formatCount(total)
                      )}
                </span>
                <button
                  type="button"
                  className="jp-MlflowTrace-miniButton"
                  onClick={() => setLimit(l => l + JSON_PAGE * 10)}
                >
                  {trans.__('Show more')}
                </button>
              </div>
            )}
          </div>
          <span className="jp-MlflowTrace-jsonPunct">{closeBr}</span>
        </>
      )}
    </div>
  );
}
