/**
 * Two traces side by side: the totals with their deltas, the spans matched
 * by path (added and removed marked), and for the selected pair its status
 * change and a text diff of its inputs and outputs. Props in, one callback
 * out (swap); trace content only as React text.
 */
import React, { useMemo, useState } from 'react';
import type { IMetricDelta, ITraceComparison } from '../../model/compare';
import type { ITrace } from '../../model/types';
import { RevealedText } from '../RevealedText';
import { CompareRows } from './CompareRows';
import {
  deltaClass,
  formatDelta,
  formatValue,
  MetricKind
} from './deltaFormat';
import { useCompareStrings } from './strings';
import { TextDiffView, TextValueView } from './TextDiffView';

export interface ICompareViewProps {
  a: ITrace;
  b: ITrace;
  comparison: ITraceComparison;
  /** Where each trace comes from ("cell 3 of demo.ipynb", "experiment 1"). */
  sourceA?: string;
  sourceB?: string;
  onSwap?: () => void;
  /** Unique per view, for element ids. */
  idPrefix?: string;
}

export function CompareView(props: ICompareViewProps): JSX.Element {
  const { a, b, comparison } = props;
  const S = useCompareStrings();
  const idPrefix = props.idPrefix ?? 'jp-MlflowCompare';
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const rows = useMemo(
    () =>
      onlyDifferences
        ? comparison.rows.filter(r => r.kind !== 'matched' || r.changed)
        : comparison.rows,
    [comparison, onlyDifferences]
  );
  // The first difference is selected at first: what the user came to see.
  const [selectedPath, setSelectedPath] = useState<string | null>(() => {
    const first = comparison.rows.find(r => r.kind !== 'matched' || r.changed);
    return first ? `${first.kind}:${first.path}` : null;
  });
  const selected = rows.findIndex(r => `${r.kind}:${r.path}` === selectedPath);
  const row = selected >= 0 ? rows[selected] : null;
  const { counts } = comparison;

  return (
    <div className="jp-MlflowCompare" aria-label={S.title}>
      <div className="jp-MlflowCompare-header">
        <TraceLabel side={S.sideA} trace={a} source={props.sourceA} />
        <TraceLabel side={S.sideB} trace={b} source={props.sourceB} />
        {props.onSwap && (
          <button
            type="button"
            className="jp-MlflowCompare-button"
            onClick={props.onSwap}
          >
            {S.swap}
          </button>
        )}
      </div>
      <Totals comparison={comparison} />
      <div className="jp-MlflowCompare-toolbar">
        <span className="jp-MlflowCompare-counts" role="status">
          {S.counts(
            counts.matched,
            counts.added,
            counts.removed,
            counts.changed
          )}
        </span>
        <label title={S.onlyDifferencesHint}>
          <input
            type="checkbox"
            checked={onlyDifferences}
            onChange={e => setOnlyDifferences(e.currentTarget.checked)}
          />{' '}
          {S.onlyDifferences}
        </label>
      </div>
      {rows.length === 0 ? (
        <div className="jp-MlflowCompare-muted">{S.noDifferences}</div>
      ) : (
        <CompareRows
          a={a}
          b={b}
          rows={rows}
          selected={selected}
          idPrefix={`${idPrefix}-row`}
          onSelect={i => setSelectedPath(`${rows[i].kind}:${rows[i].path}`)}
        />
      )}
      <div className="jp-MlflowCompare-detail" aria-live="polite">
        {row ? (
          <PairDetail a={a} b={b} row={row} />
        ) : (
          <div className="jp-MlflowCompare-muted">{S.selectSpan}</div>
        )}
      </div>
    </div>
  );
}

function TraceLabel(props: {
  side: string;
  trace: ITrace;
  source?: string;
}): JSX.Element {
  return (
    <div className="jp-MlflowCompare-traceLabel">
      <span className="jp-MlflowCompare-side">{props.side}</span>{' '}
      <span className="jp-MlflowCompare-traceName">
        <RevealedText text={props.trace.name} />
      </span>{' '}
      <code className="jp-MlflowCompare-muted">
        <RevealedText text={props.trace.traceId} />
      </code>
      {props.source && (
        <span className="jp-MlflowCompare-muted"> · {props.source}</span>
      )}
    </div>
  );
}

const TOTALS: [
  keyof ITraceComparison['totals'],
  MetricKind,
  'latency' | 'tokens' | 'cost' | 'spans' | 'errors'
][] = [
  ['latency', 'latency', 'latency'],
  ['tokens', 'tokens', 'tokens'],
  ['cost', 'cost', 'cost'],
  ['spans', 'count', 'spans'],
  ['errors', 'count', 'errors']
];

function Totals(props: { comparison: ITraceComparison }): JSX.Element {
  const S = useCompareStrings();
  const { totals, stateA, stateB } = props.comparison;
  return (
    <table className="jp-MlflowCompare-totals" aria-label={S.totals}>
      <thead>
        <tr>
          <th scope="col">{S.metric}</th>
          <th scope="col">{S.sideA}</th>
          <th scope="col">{S.sideB}</th>
          <th scope="col">{S.delta}</th>
        </tr>
      </thead>
      <tbody>
        <tr className={stateA !== stateB ? 'jp-mod-changed' : ''}>
          <th scope="row">{S.state}</th>
          <td>{stateA}</td>
          <td>{stateB}</td>
          <td>{stateA !== stateB ? `${stateA} → ${stateB}` : ''}</td>
        </tr>
        {TOTALS.map(([key, kind, label]) => (
          <TotalRow key={key} kind={kind} label={S[label]} d={totals[key]} />
        ))}
      </tbody>
    </table>
  );
}

function TotalRow(props: {
  kind: MetricKind;
  label: string;
  d: IMetricDelta;
}): JSX.Element {
  const { kind, d } = props;
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td>{formatValue(kind, d.a)}</td>
      <td>{formatValue(kind, d.b)}</td>
      <td className={`jp-MlflowCompare-metric ${deltaClass(d)}`}>
        {formatDelta(kind, d)}
      </td>
    </tr>
  );
}

function PairDetail(props: {
  a: ITrace;
  b: ITrace;
  row: ITraceComparison['rows'][number];
}): JSX.Element {
  const S = useCompareStrings();
  const { row } = props;
  const sa = row.a !== null ? props.a.spans[row.a] : null;
  const sb = row.b !== null ? props.b.spans[row.b] : null;
  return (
    <div className="jp-MlflowCompare-pair">
      <h3 className="jp-MlflowCompare-path">
        <span className="jp-MlflowCompare-muted">{S.path} </span>
        <RevealedText text={row.path} />
        {row.kind !== 'matched' && (
          <span className={`jp-MlflowCompare-badge jp-mod-${row.kind}`}>
            {row.kind === 'added' ? S.onlyInB : S.onlyInA}
          </span>
        )}
      </h3>
      {sa && sb && (
        <div
          className={`jp-MlflowCompare-status ${row.statusChanged ? 'jp-mod-changed' : ''}`}
        >
          {S.statusLine(
            `${sa.status}${sa.statusMessage ? ` (${sa.statusMessage})` : ''}` +
              (row.statusChanged ? ' → ' : ' = ') +
              `${sb.status}${sb.statusMessage ? ` (${sb.statusMessage})` : ''}`
          )}
          {row.statusChanged && (
            <span className="jp-MlflowCompare-badge jp-mod-changed">
              {S.statusChanged}
            </span>
          )}
        </div>
      )}
      {sa && sb ? (
        <>
          <TextDiffView title={S.inputs} a={sa.inputs} b={sb.inputs} />
          <TextDiffView title={S.outputs} a={sa.outputs} b={sb.outputs} />
        </>
      ) : (
        <>
          <TextValueView title={S.inputs} value={(sa ?? sb)?.inputs} />
          <TextValueView title={S.outputs} value={(sa ?? sb)?.outputs} />
        </>
      )}
    </div>
  );
}
