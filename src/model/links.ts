/**
 * OTel span links (MLflow 3.17 `Span.links`): a span points at a span of its
 * own trace or of another trace, without being its child.
 *
 * Shapes read:
 * - MLflow's JSON (`Link.to_dict`): `{trace_id: "tr-…", span_id: "<16 hex>",
 *   attributes: {…} | null}`;
 * - OTel proto JSON: `{traceId, spanId}` as hex or base64 bytes, attributes
 *   as `[{key, value: AnyValue}]`.
 *
 * Ids are hostile text: they are normalized like span and trace ids and
 * otherwise kept as given; views show them as text only.
 */

import { eventAttributesToRecord } from './attributes';
import { normalizeSpanId, normalizeTraceId, traceIdHex } from './ids';
import { isRecord } from './json';
import type { ISpanLink, ITrace } from './types';

const BARE_HEX_TRACE_ID = /^[0-9a-f]{32}$/;

/** The links of one raw span (`links` key); [] for none or garbage. */
export function parseSpanLinks(raw: unknown): ISpanLink[] {
  if (!Array.isArray(raw)) {
    return [];
  }
  const out: ISpanLink[] = [];
  for (const item of raw) {
    if (!isRecord(item)) {
      continue;
    }
    const spanId = normalizeSpanId(item.span_id ?? item.spanId);
    let traceId = normalizeTraceId(item.trace_id ?? item.traceId) ?? '';
    // An OTel trace id: MLflow names that trace `tr-<hex>` (Link.from_otel_proto).
    if (BARE_HEX_TRACE_ID.test(traceId)) {
      traceId = `tr-${traceId}`;
    }
    if (spanId === null && traceId === '') {
      continue;
    }
    out.push({
      traceId,
      spanId: spanId ?? '',
      attributes: eventAttributesToRecord(item.attributes)
    });
  }
  return out;
}

/** Where a link leads, seen from `trace`. */
export type LinkTarget =
  /** A span of this trace, at `spanIndex` in `trace.spans`. */
  | { kind: 'span'; spanIndex: number }
  /** This trace, but it holds no span of that id (cut or not yet logged). */
  | { kind: 'missing-span' }
  /** Another trace, by the id MLflow's tracking server knows it by. */
  | { kind: 'trace'; traceId: string };

/** Whether two trace ids name the same trace (`tr-<hex>`, `trace:/…/<hex>`, bare hex). */
function sameTrace(a: string, b: string): boolean {
  if (a === b) {
    return true;
  }
  const ha = traceIdHex(a);
  return ha !== null && ha === traceIdHex(b);
}

/** Resolve `link` against `trace`. A link without a trace id means this trace. */
export function linkTarget(trace: ITrace, link: ISpanLink): LinkTarget {
  if (link.traceId !== '' && !sameTrace(link.traceId, trace.traceId)) {
    return { kind: 'trace', traceId: link.traceId };
  }
  const spanIndex = trace.spans.findIndex(s => s.id === link.spanId);
  return spanIndex >= 0
    ? { kind: 'span', spanIndex }
    : { kind: 'missing-span' };
}
