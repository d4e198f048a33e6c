/**
 * Pure view-state helpers of the sidebar: no DOM, no React, no JupyterLab.
 * Helpers that write prose take the views' translation bundle.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ITraceSummary } from '../../model/types';

/** Rows rendered above and below the viewport. */
export const OVERSCAN_ROWS = 8;

/** Load the next page when the last rendered row is this close to the end. */
export const END_THRESHOLD_ROWS = 30;

/** Rows [start, end) to render for a fixed-height virtualized list. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = OVERSCAN_ROWS
): { start: number; end: number } {
  if (count <= 0 || rowHeight <= 0) {
    return { start: 0, end: 0 };
  }
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count - 1, first) - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end: Math.max(start, end) };
}

/** New scrollTop that shows row `index` entirely, or null when it already is. */
export function scrollToShow(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number
): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) {
    return top;
  }
  if (bottom > scrollTop + viewportHeight) {
    return Math.max(0, bottom - viewportHeight);
  }
  return null;
}

/** Next active row for a key, or null when the key does not move. */
export function nextActiveIndex(
  key: string,
  current: number,
  count: number,
  pageRows: number
): number | null {
  if (count === 0) {
    return null;
  }
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  switch (key) {
    case 'ArrowDown':
      return clamp(current < 0 ? 0 : current + 1);
    case 'ArrowUp':
      return clamp(current < 0 ? 0 : current - 1);
    case 'PageDown':
      return clamp(current + Math.max(1, pageRows - 1));
    case 'PageUp':
      return clamp(current - Math.max(1, pageRows - 1));
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/**
 * "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago"; older (or
 * future) times as a short date.
 */
export function formatRelativeTime(
  trans: TranslationBundle,
  ms: number | null | undefined,
  now: number
): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) {
    return '—';
  }
  const delta = now - ms;
  if (delta < -60_000) {
    return shortDate(ms, now);
  }
  if (delta < 10_000) {
    return trans.__('just now');
  }
  if (delta < 60_000) {
    return trans.__('%1 s ago', Math.floor(delta / 1000));
  }
  if (delta < 3_600_000) {
    return trans.__('%1 min ago', Math.floor(delta / 60_000));
  }
  if (delta < 86_400_000) {
    return trans.__('%1 h ago', Math.floor(delta / 3_600_000));
  }
  if (delta < 30 * 86_400_000) {
    return trans.__('%1 d ago', Math.floor(delta / 86_400_000));
  }
  return shortDate(ms, now);
}

function shortDate(ms: number, now: number): string {
  const d = new Date(ms);
  const sameYear = d.getFullYear() === new Date(now).getFullYear();
  return d.toLocaleDateString(undefined, {
    year: sameYear ? undefined : 'numeric',
    month: 'short',
    day: 'numeric'
  });
}

/** Exact time for hover titles: local time and ISO 8601 (UTC). */
export function formatExactTime(
  trans: TranslationBundle,
  ms: number | null | undefined
): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) {
    return trans.__('start time unknown');
  }
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) {
    return trans.__('start time unknown');
  }
  return `${d.toLocaleString()} (${d.toISOString()})`;
}

/** Compact token count: 950, 1.2k, 34k, 1.5M. */
export function formatTokens(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) {
    return '';
  }
  if (n < 1000) {
    return String(Math.round(n));
  }
  if (n < 10_000) {
    return `${(n / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  }
  if (n < 1_000_000) {
    return `${Math.round(n / 1000)}k`;
  }
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

/** Total tokens of a summary (total, else input + output), or null. */
export function summaryTokens(summary: ITraceSummary): number | null {
  const u = summary.tokenUsage;
  if (!u) {
    return null;
  }
  if (typeof u.totalTokens === 'number') {
    return u.totalTokens;
  }
  const parts = [u.inputTokens, u.outputTokens].filter(
    (v): v is number => typeof v === 'number'
  );
  return parts.length ? parts.reduce((a, b) => a + b, 0) : null;
}

/** One line of text: whitespace collapsed, cut at `max` characters. */
export function oneLine(text: string | undefined, max = 200): string {
  if (!text) {
    return '';
  }
  const flat = text
    .slice(0, max * 4)
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** What a trace row shows as its title and its muted second part. */
export function traceLabel(
  trans: TranslationBundle,
  summary: ITraceSummary
): {
  title: string;
  preview: string;
} {
  const preview = oneLine(summary.requestPreview);
  const named = summary.name && summary.name !== summary.traceId;
  if (named) {
    return { title: oneLine(summary.name, 120), preview };
  }
  return preview
    ? { title: preview, preview: '' }
    : { title: summary.traceId || trans.__('(unnamed trace)'), preview: '' };
}

/**
 * Newest-first refresh without losing the user's place: the fresh first page
 * is put on top of the loaded list, duplicates dropped. When nothing of the
 * fresh page overlaps the loaded list (more new traces than a page), the
 * fresh page replaces the list and `replaced` is true.
 */
export function mergeNewestFirst(
  loaded: readonly ITraceSummary[],
  fresh: readonly ITraceSummary[]
): { items: ITraceSummary[]; added: number; replaced: boolean } {
  if (loaded.length === 0) {
    return { items: [...fresh], added: fresh.length, replaced: true };
  }
  const loadedIds = new Set(loaded.map(t => t.traceId));
  const overlap = fresh.some(t => loadedIds.has(t.traceId));
  if (!overlap && fresh.length > 0) {
    return { items: [...fresh], added: fresh.length, replaced: true };
  }
  const freshById = new Map(fresh.map(t => [t.traceId, t]));
  const added = fresh.filter(t => !loadedIds.has(t.traceId));
  // Updated infos (an IN_PROGRESS trace that finished) replace the old ones.
  const rest = loaded.map(t => freshById.get(t.traceId) ?? t);
  return { items: [...added, ...rest], added: added.length, replaced: false };
}

/**
 * `mlflow server …` that would serve `trackingUri` on this machine: its port
 * (http 80 / https 443 when the URI has none). Null for hosts elsewhere.
 */
export function serverCommand(trackingUri: string | undefined): string | null {
  let url: URL;
  try {
    url = new URL(trackingUri ?? '');
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return null;
  }
  const local = ['127.0.0.1', 'localhost', '[::1]', '0.0.0.0'];
  if (!local.includes(url.hostname)) {
    return null;
  }
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  // MLflow's own default host is 127.0.0.1.
  const host = ['127.0.0.1', 'localhost'].includes(url.hostname)
    ? ''
    : ` --host ${url.hostname.replace(/^\[|\]$/g, '')}`;
  return `mlflow server${host} --port ${port}`;
}

/**
 * What to do next when the store does not answer, by reason kind.
 * `trackingUri`: the store's URI (its port goes into the advice);
 * `kernelStore`: the store is a notebook kernel's, read by the server per request.
 */
export function connectionAdvice(
  trans: TranslationBundle,
  kind: string | null | undefined,
  isHttp: boolean,
  trackingUri?: string,
  kernelStore = false
): string {
  if (kernelStore) {
    switch (kind) {
      case 'not-found':
        return trans.__(
          "The Jupyter server reads files on its own machine only: a remote kernel's store is not there. Log to a tracking server both can reach, or go back to the server's store."
        );
      case 'store-not-allowed':
        return trans.__(
          'The server configuration decides which kernel stores the Jupyter server reads (MlflowTracesConfig.browse_kernel_stores, kernel_store_roots).'
        );
      case 'missing-mlflow':
        return trans.__(
          "Install mlflow in the Jupyter server's environment to read local stores, or log to an http(s) tracking server."
        );
      default:
        return trans.__(
          "Check the notebook's tracking URI, then retry, or go back to the server's store."
        );
    }
  }
  switch (kind) {
    case 'unreachable':
    case 'timeout': {
      if (!isHttp) {
        return trans.__(
          'Check the Tracking URI in Settings → MLflow traces, then retry.'
        );
      }
      const command = serverCommand(trackingUri);
      if (command) {
        return trans.__(
          'Start the MLflow tracking server (for example: %1) or set the Tracking URI in Settings → MLflow traces, then retry.',
          command
        );
      }
      return trackingUri
        ? trans.__(
            'Check that the MLflow tracking server at %1 is up and reachable from the Jupyter server, or set the Tracking URI in Settings → MLflow traces, then retry.',
            trackingUri
          )
        : trans.__(
            'Check that the MLflow tracking server at the Tracking URI is up and reachable from the Jupyter server, or set the Tracking URI in Settings → MLflow traces, then retry.'
          );
    }
    case 'unauthorized':
      return trans.__(
        'Set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN) in the environment that starts Jupyter, restart it, then retry.'
      );
    case 'forbidden-host':
      return trans.__(
        'Start the tracking server with --allowed-hosts including this host, or use the address it allows, then retry.'
      );
    case 'missing-mlflow':
      return trans.__(
        "Install mlflow in the Jupyter server's environment, or use an http(s) tracking server, then retry."
      );
    case 'not-configured':
      return trans.__(
        'Set an http(s) MLflow tracking server in Settings → MLflow traces.'
      );
    default:
      return trans.__(
        'Check the Tracking URI in Settings → MLflow traces and that the server is up, then retry.'
      );
  }
}
