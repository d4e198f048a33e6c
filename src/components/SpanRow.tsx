/**
 * One row of the span tree: chevron, type icon and name, error mark,
 * duration, and the gantt bar (with its critical-path parts) on the shared
 * time axis. A light DOM (a few elements, CSS-drawn icons): notebooks hold
 * many viewers.
 */
import React from 'react';
import type { ICriticalSegment } from '../model/criticalPath';
import type { ISpan } from '../model/types';
import { typeClass } from './icons';
import { useTrans } from './i18n';
import { TimeIssueMark } from './TimeIssueMark';
import { segmentsInBar } from './state/critical';
import { spanTypeKey } from './state/filter';
import { capText, formatDuration, revealInvisibleText } from './state/format';
import { Highlighted } from './Highlighted';

export const ROW_HEIGHT = 24;
/** Names longer than this are cut in rows (the detail pane has the rest). */
const NAME_CAP = 300;
/** Indentation stops growing after this depth (10k-deep chains exist). */
const MAX_INDENT_DEPTH = 30;
const INDENT = 14;

export interface ISpanRowProps {
  span: ISpan;
  /** Depth in the tree as shown (filters may lift ancestors out). */
  depth: number;
  id: string;
  top: number;
  hasKids: boolean;
  open: boolean;
  selected: boolean;
  dimmed: boolean;
  match: boolean;
  currentMatch: boolean;
  /** The toggle is on (bars off the path are dimmed). */
  criticalShown: boolean;
  /** This span's parts of the critical path (the toggle is on). */
  pathSegments: readonly ICriticalSegment[] | undefined;
  query: string;
  /** False when the span lies outside the zoomed range: no bar. */
  inRange: boolean;
  left: number;
  width: number;
  /** The bar's start and end as drawn (clipped to the zoomed range). */
  barStartMs: number;
  barEndMs: number;
  showTimeline: boolean;
  posInSet: number;
  setSize: number;
  onSelect: (i: number) => void;
  onToggle: (i: number, open?: boolean) => void;
}

function SpanRowImpl(props: ISpanRowProps): JSX.Element {
  const { span } = props;
  const trans = useTrans();
  const type = spanTypeKey(span.spanType);
  const name = capText(span.name || trans.__('(unnamed span)'), NAME_CAP).text;
  const depth = Math.min(props.depth, MAX_INDENT_DEPTH);
  const isError = span.status === 'ERROR';
  const cls = [
    'jp-MlflowTrace-row',
    props.selected ? 'jp-mod-selected' : '',
    props.dimmed ? 'jp-mod-dimmed' : '',
    props.match ? 'jp-mod-match' : '',
    props.currentMatch ? 'jp-mod-currentMatch' : '',
    isError ? 'jp-mod-error' : '',
    props.pathSegments ? 'jp-mod-critical' : ''
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      role="treeitem"
      id={props.id}
      className={cls}
      style={{
        top: props.top,
        height: ROW_HEIGHT,
        paddingLeft: depth * INDENT
      }}
      aria-level={props.depth + 1}
      aria-expanded={props.hasKids ? props.open : undefined}
      aria-selected={props.selected}
      aria-posinset={props.posInSet || undefined}
      aria-setsize={props.setSize || undefined}
      data-span-index={span.index}
      title={props.pathSegments ? trans.__('On the critical path') : undefined}
      onClick={() => props.onSelect(span.index)}
      onDoubleClick={() => props.hasKids && props.onToggle(span.index)}
    >
      {props.hasKids && (
        <span
          className={`jp-MlflowTrace-chevron jp-MlflowTrace-icon-chevron${
            props.open ? ' jp-mod-open' : ''
          }`}
          onClick={e => {
            e.stopPropagation();
            props.onToggle(span.index);
          }}
        />
      )}
      {/* The type class gives the label its icon (drawn before the name). */}
      <span
        className={`jp-MlflowTrace-rowLabel ${typeClass(type)}`}
        title={revealInvisibleText(name)}
      >
        <Highlighted text={name} query={props.query} />
      </span>
      {props.pathSegments && (
        <span className="jp-MlflowTrace-srOnly">
          {trans.__('on the critical path')}
        </span>
      )}
      {isError && (
        <span
          className="jp-MlflowTrace-rowError jp-MlflowTrace-icon-error"
          title={trans.__('Error')}
        >
          <span className="jp-MlflowTrace-srOnly">{trans.__('error')}</span>
        </span>
      )}
      <span className="jp-MlflowTrace-rowDuration">
        {span.timeIssue ? (
          <TimeIssueMark issue={span.timeIssue} subject="span" />
        ) : (
          formatDuration(span.durationMs)
        )}
      </span>
      {props.showTimeline && (
        <span className="jp-MlflowTrace-rowTimeline" aria-hidden="true">
          {props.inRange && (
            <span
              className={`jp-MlflowTrace-bar ${typeClass(type)}${
                span.endMs === null ? ' jp-mod-open' : ''
              }${isError ? ' jp-mod-error' : ''}${
                props.criticalShown ? ' jp-mod-pathShown' : ''
              }`}
              style={{ left: `${props.left}%`, width: `${props.width}%` }}
            >
              {props.pathSegments &&
                segmentsInBar(
                  props.barStartMs,
                  props.barEndMs,
                  props.pathSegments
                ).map(([left, width], k) => (
                  <span
                    key={k}
                    className="jp-MlflowTrace-pathSegment"
                    style={{ left: `${left}%`, width: `${width}%` }}
                  />
                ))}
            </span>
          )}
        </span>
      )}
    </div>
  );
}

/** Rows re-render only when their own props change (scrolling reuses them). */
export const SpanRow = React.memo(SpanRowImpl);
