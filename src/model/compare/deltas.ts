/**
 * What changed between two traces: per matched span and in total, latency,
 * tokens and cost (B minus A), status changes, and whether the inputs or
 * outputs differ. Pure data over the model's `ITrace`; views format it.
 */
import type { ISpan, ITrace, SpanStatus, TraceState } from '../types';
import { ISpanPair, matchSpans } from './match';
import { diffableText } from './textDiff';

/** A measure on both sides; `delta` is B − A, null unless both are known. */
export interface IMetricDelta {
  a: number | null;
  b: number | null;
  delta: number | null;
}

export interface ISpanComparison extends ISpanPair {
  latency: IMetricDelta;
  tokens: IMetricDelta;
  cost: IMetricDelta;
  statusA: SpanStatus | null;
  statusB: SpanStatus | null;
  /** Both sides exist and their statuses differ. */
  statusChanged: boolean;
  inputsChanged: boolean;
  outputsChanged: boolean;
  /** Matched, and its status, inputs or outputs changed. */
  changed: boolean;
}

export interface ITraceComparison {
  rows: ISpanComparison[];
  totals: {
    latency: IMetricDelta;
    tokens: IMetricDelta;
    cost: IMetricDelta;
    spans: IMetricDelta;
    errors: IMetricDelta;
  };
  stateA: TraceState;
  stateB: TraceState;
  counts: { matched: number; added: number; removed: number; changed: number };
}

export function metricDelta(
  a: number | null | undefined,
  b: number | null | undefined
): IMetricDelta {
  const va = typeof a === 'number' && Number.isFinite(a) ? a : null;
  const vb = typeof b === 'number' && Number.isFinite(b) ? b : null;
  return { a: va, b: vb, delta: va !== null && vb !== null ? vb - va : null };
}

const tokensOf = (s: ISpan | null) => s?.tokenUsage?.totalTokens;
const costOf = (s: ISpan | null) => s?.cost?.totalCost;

function compareRow(a: ITrace, b: ITrace, pair: ISpanPair): ISpanComparison {
  const sa = pair.a !== null ? a.spans[pair.a] : null;
  const sb = pair.b !== null ? b.spans[pair.b] : null;
  const both = sa !== null && sb !== null;
  const statusChanged = both && sa.status !== sb.status;
  const inputsChanged =
    both && diffableText(sa.inputs) !== diffableText(sb.inputs);
  const outputsChanged =
    both && diffableText(sa.outputs) !== diffableText(sb.outputs);
  return {
    ...pair,
    latency: metricDelta(sa?.durationMs, sb?.durationMs),
    tokens: metricDelta(tokensOf(sa), tokensOf(sb)),
    cost: metricDelta(costOf(sa), costOf(sb)),
    statusA: sa?.status ?? null,
    statusB: sb?.status ?? null,
    statusChanged,
    inputsChanged,
    outputsChanged,
    changed: statusChanged || inputsChanged || outputsChanged
  };
}

/** Compare trace A (before) with trace B (after). */
export function compareTraces(a: ITrace, b: ITrace): ITraceComparison {
  const rows = matchSpans(a, b).map(pair => compareRow(a, b, pair));
  const counts = { matched: 0, added: 0, removed: 0, changed: 0 };
  for (const row of rows) {
    counts[row.kind]++;
    if (row.changed) {
      counts.changed++;
    }
  }
  return {
    rows,
    totals: {
      latency: metricDelta(a.durationMs, b.durationMs),
      tokens: metricDelta(a.tokenUsage?.totalTokens, b.tokenUsage?.totalTokens),
      cost: metricDelta(a.cost?.totalCost, b.cost?.totalCost),
      spans: metricDelta(a.spans.length, b.spans.length),
      errors: metricDelta(a.errorSpanCount, b.errorSpanCount)
    },
    stateA: a.state,
    stateB: b.state,
    counts
  };
}
