/**
 * Deltas as text. For latency, tokens and cost less is better, so a rise is
 * `worse` and a fall `better`; the sign is always written, so colour is
 * never the only cue.
 */
import type { IMetricDelta } from '../../model/compare';
import { formatCost, formatCount, formatDuration } from '../state/format';

export type MetricKind = 'latency' | 'tokens' | 'cost' | 'count';

export function formatValue(kind: MetricKind, n: number | null): string {
  if (kind === 'latency') {
    return formatDuration(n);
  }
  return kind === 'cost' ? formatCost(n) : formatCount(n);
}

export function formatDelta(kind: MetricKind, d: IMetricDelta): string {
  if (d.delta === null) {
    return '—';
  }
  if (d.delta === 0) {
    return '±0';
  }
  const sign = d.delta > 0 ? '+' : '−';
  return sign + formatValue(kind, Math.abs(d.delta));
}

/** `jp-mod-worse` for a rise, `jp-mod-better` for a fall, '' otherwise. */
export function deltaClass(d: IMetricDelta): string {
  if (d.delta === null || d.delta === 0) {
    return '';
  }
  return d.delta > 0 ? 'jp-mod-worse' : 'jp-mod-better';
}
