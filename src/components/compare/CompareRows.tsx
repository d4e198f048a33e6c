/**
 * The matched spans side by side, one row per pair: A's name, B's name (each
 * indented by depth), the latency, token and cost deltas, and a mark for
 * added, removed, changed and status changes. A listbox: arrows, Home/End
 * and PageUp/PageDown move the selection, which the detail below follows.
 */
import React, { useEffect, useRef } from 'react';
import type { ISpanComparison } from '../../model/compare';
import type { ITrace } from '../../model/types';
import {
  deltaClass,
  formatDelta,
  formatValue,
  MetricKind
} from './deltaFormat';
import { RevealedText } from '../RevealedText';
import { revealInvisibleText } from '../state/format';
import { nextActiveIndex } from '../sidebar/state';
import { useCompareStrings } from './strings';

export interface ICompareRowsProps {
  a: ITrace;
  b: ITrace;
  rows: ISpanComparison[];
  /** Index in `rows` of the selected row, or -1. */
  selected: number;
  onSelect: (index: number) => void;
  /** Prefix for row element ids (aria-activedescendant). */
  idPrefix: string;
}

/** Rows PageUp / PageDown move by. */
const PAGE_ROWS = 10;

export function CompareRows(props: ICompareRowsProps): JSX.Element {
  const S = useCompareStrings();
  const { a, b, rows, selected, onSelect, idPrefix } = props;
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = listRef.current?.ownerDocument.getElementById(
      `${idPrefix}-${selected}`
    );
    el?.scrollIntoView?.({ block: 'nearest' });
  }, [selected, idPrefix]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    const next = nextActiveIndex(event.key, selected, rows.length, PAGE_ROWS);
    if (next !== null) {
      event.preventDefault();
      onSelect(next);
    }
  };

  return (
    <div className="jp-MlflowCompare-table">
      <div
        className="jp-MlflowCompare-row jp-MlflowCompare-head"
        aria-hidden="true"
      >
        <span>{S.sideA}</span>
        <span>{S.sideB}</span>
        <span>{S.latency}</span>
        <span>{S.tokens}</span>
        <span>{S.cost}</span>
        <span />
      </div>
      <div
        ref={listRef}
        className="jp-MlflowCompare-rows"
        role="listbox"
        tabIndex={0}
        aria-label={S.spanTable}
        aria-activedescendant={
          selected >= 0 ? `${idPrefix}-${selected}` : undefined
        }
        onKeyDown={onKeyDown}
        data-lm-suppress-shortcuts=""
      >
        {rows.map((row, i) => (
          <Row
            key={`${row.kind}:${row.path}:${i}`}
            id={`${idPrefix}-${i}`}
            row={row}
            nameA={row.a !== null ? a.spans[row.a].name : ''}
            nameB={row.b !== null ? b.spans[row.b].name : ''}
            active={i === selected}
            onClick={() => onSelect(i)}
          />
        ))}
      </div>
    </div>
  );
}

function Row(props: {
  id: string;
  row: ISpanComparison;
  nameA: string;
  nameB: string;
  active: boolean;
  onClick: () => void;
}): JSX.Element {
  const S = useCompareStrings();
  const { row } = props;
  const indent = { paddingInlineStart: `${row.depth * 12 + 4}px` };
  const mark =
    row.kind !== 'matched'
      ? S[row.kind]
      : row.statusChanged
        ? `${row.statusA} → ${row.statusB}`
        : row.changed
          ? S.changed
          : '';
  return (
    <div
      id={props.id}
      role="option"
      aria-selected={props.active}
      data-path={row.path}
      data-kind={row.kind}
      className={[
        'jp-MlflowCompare-row',
        `jp-mod-${row.kind}`,
        row.changed ? 'jp-mod-changed' : '',
        row.statusChanged ? 'jp-mod-statusChanged' : '',
        props.active ? 'jp-mod-active' : ''
      ]
        .filter(Boolean)
        .join(' ')}
      onClick={props.onClick}
    >
      <SpanName
        name={props.nameA}
        error={row.statusA === 'ERROR'}
        style={indent}
      />
      <SpanName
        name={props.nameB}
        error={row.statusB === 'ERROR'}
        style={indent}
      />
      <Metric kind="latency" row={row} />
      <Metric kind="tokens" row={row} />
      <Metric kind="cost" row={row} />
      <span className="jp-MlflowCompare-mark" title={mark}>
        {mark}
      </span>
    </div>
  );
}

/** One side's span name, with a warning sign when it failed (not colour alone). */
function SpanName(props: {
  name: string;
  error: boolean;
  style: React.CSSProperties;
}): JSX.Element {
  return (
    <span
      className="jp-MlflowCompare-name"
      style={props.style}
      title={revealInvisibleText(props.name)}
    >
      <RevealedText text={props.name} />
      {props.error && <span className="jp-MlflowCompare-error"> ⚠</span>}
    </span>
  );
}

/** The delta when both sides have the measure, else the one side's value. */
function Metric(props: {
  kind: Exclude<MetricKind, 'count'>;
  row: ISpanComparison;
}): JSX.Element {
  const d = props.row[props.kind];
  const text =
    d.delta !== null
      ? formatDelta(props.kind, d)
      : d.a === null && d.b === null
        ? ''
        : formatValue(props.kind, d.b ?? d.a);
  return (
    <span
      className={`jp-MlflowCompare-metric ${deltaClass(d)}`}
      title={`${formatValue(props.kind, d.a)} → ${formatValue(props.kind, d.b)}`}
    >
      {text}
    </span>
  );
}
