/**
 * MLflow's notebook iframe (`text/html` with the notebook-trace-renderer
 * URL): which traces and tracking server it names. Light, so the renderer can
 * tell MLflow's HTML from any other HTML before the viewer loads.
 */

import { coerceBundleText } from './json';
import { ITraceReference } from './types';

const RENDERER_PATH = '/static-files/lib/notebook-trace-renderer/index.html';

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0'
};

export function unescapeHtml(text: string): string {
  return text.replace(
    /&(#x[0-9a-f]+|#\d+|[a-z]+);/gi,
    (whole, body: string) => {
      if (body[0] === '#') {
        const code =
          body[1] === 'x' || body[1] === 'X'
            ? parseInt(body.slice(2), 16)
            : parseInt(body.slice(1), 10);
        return Number.isFinite(code) && code >= 0 && code <= 0x10ffff
          ? String.fromCodePoint(code)
          : whole;
      }
      return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
    }
  );
}

function decodeQueryPart(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Every iframe `src` in an HTML string (quoted or not), unescaped. */
function iframeSources(html: string): string[] {
  const out: string[] = [];
  const tagRe = /<iframe\b([^>]*)>/gi;
  let tag: RegExpExecArray | null;
  while ((tag = tagRe.exec(html)) !== null) {
    const attrs = tag[1];
    const src = /\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(attrs);
    if (src) {
      out.push(unescapeHtml(src[1] ?? src[2] ?? src[3] ?? ''));
    }
  }
  return out;
}

// Only http(s) URLs and same-origin paths may become a tracking URI; a
// `javascript:` or protocol-relative base from hostile HTML is dropped.
function isSafeBaseUrl(base: string): boolean {
  return /^https?:\/\/[^\s/]/i.test(base) || /^\/(?!\/)\S*$/.test(base);
}

export interface IRendererSrc {
  trackingUri?: string;
  references: ITraceReference[];
}

/** Read MLflow's notebook-trace-renderer iframe src; null when it is another URL. */
export function parseRendererSrc(src: string): IRendererSrc | null {
  const hashAt = src.indexOf('#');
  const noHash = hashAt >= 0 ? src.slice(0, hashAt) : src;
  const qAt = noHash.indexOf('?');
  const path = qAt >= 0 ? noHash.slice(0, qAt) : noHash;
  if (!path.endsWith(RENDERER_PATH)) {
    return null;
  }
  const base = path.slice(0, path.length - RENDERER_PATH.length);
  const traceIds: string[] = [];
  const experimentIds: string[] = [];
  const query = qAt >= 0 ? noHash.slice(qAt + 1) : '';
  for (const pair of query.split('&')) {
    if (pair === '') {
      continue;
    }
    const eq = pair.indexOf('=');
    const key = decodeQueryPart(eq >= 0 ? pair.slice(0, eq) : pair);
    const val = decodeQueryPart(eq >= 0 ? pair.slice(eq + 1) : '');
    if (key === 'trace_id') {
      traceIds.push(val);
    } else if (key === 'experiment_id') {
      experimentIds.push(val);
    }
    // `version=` and `workspace=` carry nothing the model needs.
  }
  const references: ITraceReference[] = [];
  traceIds.forEach((id, i) => {
    if (id === '') {
      return;
    }
    const ref: ITraceReference = { traceId: id };
    const exp = experimentIds[i];
    if (exp) {
      ref.experimentId = exp;
    }
    references.push(ref);
  });
  const result: IRendererSrc = { references };
  if (isSafeBaseUrl(base)) {
    result.trackingUri = base;
  }
  return result;
}

/** The first MLflow trace iframe of an HTML payload, read; null when there is none. */
export function mlflowIframeOf(value: unknown): IRendererSrc | null {
  const coerced = coerceBundleText(value);
  const html =
    typeof coerced === 'string'
      ? coerced
      : Array.isArray(coerced) && coerced.every(x => typeof x === 'string')
        ? coerced.join('')
        : null;
  if (html === null || html.indexOf('notebook-trace-renderer') < 0) {
    return null;
  }
  for (const src of iframeSources(html)) {
    const parsed = parseRendererSrc(src);
    if (parsed) {
      return parsed;
    }
  }
  return null;
}

/**
 * Whether an HTML payload is MLflow's trace iframe naming at least one trace:
 * the renderer's test of every HTML output, before any viewer code loads.
 * Other HTML costs one substring search.
 */
export function namesMlflowTraces(value: unknown): boolean {
  try {
    return (mlflowIframeOf(value)?.references.length ?? 0) > 0;
  } catch {
    return false;
  }
}
