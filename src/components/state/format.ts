/**
 * Pure formatting helpers and the only place that builds links.
 */
import type { ICost, ITokenUsage } from '../../model/types';

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) {
    return '—';
  }
  if (ms < 0) {
    return '0 ms';
  }
  if (ms < 1) {
    return `${Math.round(ms * 1000)} µs`;
  }
  if (ms < 1000) {
    return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`;
  }
  if (ms < 60_000) {
    return `${(ms / 1000).toFixed(2)} s`;
  }
  if (ms < 3_600_000) {
    const m = Math.floor(ms / 60_000);
    const s = Math.round((ms % 60_000) / 1000);
    return `${m} m ${s} s`;
  }
  const h = Math.floor(ms / 3_600_000);
  const m = Math.round((ms % 3_600_000) / 60_000);
  return `${h} h ${m} m`;
}

/** Short tick label for offsets on the time axis. */
export function formatOffset(ms: number): string {
  if (ms === 0) {
    return '0';
  }
  if (Math.abs(ms) < 1) {
    return `${+(ms * 1000).toPrecision(3)}µs`;
  }
  if (Math.abs(ms) < 1000) {
    return `${+ms.toPrecision(3)}ms`;
  }
  if (Math.abs(ms) < 60_000) {
    return `${+(ms / 1000).toPrecision(3)}s`;
  }
  return `${+(ms / 60_000).toPrecision(3)}m`;
}

export function formatTimestamp(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) {
    return '—';
  }
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) {
    return '—';
  }
  return d.toLocaleString();
}

export function formatCount(n: number | undefined | null): string {
  if (n === null || n === undefined || !Number.isFinite(n)) {
    return '—';
  }
  return n.toLocaleString('en-US');
}

export function formatCost(n: number | undefined | null): string {
  if (n === null || n === undefined || !Number.isFinite(n)) {
    return '—';
  }
  if (n === 0) {
    return '$0';
  }
  if (Math.abs(n) < 0.01) {
    return `$${+n.toPrecision(2)}`;
  }
  return `$${n.toFixed(n < 1 ? 4 : 2)}`;
}

export function hasTokens(u: ITokenUsage | null | undefined): u is ITokenUsage {
  return (
    !!u &&
    [u.inputTokens, u.outputTokens, u.totalTokens].some(
      v => typeof v === 'number' && Number.isFinite(v)
    )
  );
}

export function hasCost(c: ICost | null | undefined): c is ICost {
  return (
    !!c &&
    [c.inputCost, c.outputCost, c.totalCost].some(
      v => typeof v === 'number' && Number.isFinite(v)
    )
  );
}

/** A parsed http(s) URL, or null for anything else (javascript:, data:, junk). */
export function safeHttpUrl(value: string | undefined | null): URL | null {
  if (typeof value !== 'string' || value.length === 0) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return null;
  }
  return url;
}

/**
 * `{uri}/#/experiments/{experiment_id}?selectedTraceId={trace_id}`, or null
 * when the tracking URI is not http(s) or the experiment is unknown. Ids
 * come from trace content, so they are URI-encoded; credentials, query and
 * hash of the tracking URI are dropped.
 */
export function mlflowTraceUrl(
  trackingUri: string | undefined | null,
  experimentId: string | null | undefined,
  traceId: string
): string | null {
  const url = safeHttpUrl(trackingUri);
  if (!url || !experimentId) {
    return null;
  }
  const path = url.pathname.replace(/\/+$/, '');
  return (
    `${url.protocol}//${url.host}${path}/#/experiments/` +
    `${encodeURIComponent(experimentId)}?selectedTraceId=${encodeURIComponent(traceId)}`
  );
}

/** Host (with port) of a URL string for labels, or the string itself. */
export function hostOf(value: string): string {
  try {
    return new URL(value).host || value;
  } catch {
    return value;
  }
}

/** `text` cut to `cap` characters plus how many were cut. */
export function capText(
  text: string,
  cap: number
): { text: string; rest: number } {
  if (text.length <= cap) {
    return { text, rest: 0 };
  }
  return { text: text.slice(0, cap), rest: text.length - cap };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
