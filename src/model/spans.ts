/**
 * One raw span, in any MLflow/OTel shape, to an intermediate span that the
 * tree builder links up.
 *
 * Shapes:
 * - v2 dict: `context.span_id`, `parent_id`, `start_time`/`end_time` (ns),
 *   `status_code`/`status_message`; older keys `parent_span_id`, `span_type`,
 *   `status: {status_code, description}`, `inputs`/`outputs`.
 * - v3 dict (3.0-3.4 base64 ids, 3.5+ hex ids): `span_id`, `parent_span_id`,
 *   `start_time_unix_nano`, `status: {code, message}`.
 * - OTel proto JSON (snake_case or camelCase): string nanos, `kind`,
 *   attributes as `[{key, value: AnyValue}]`.
 */

import { attributesToRecord, eventAttributesToRecord } from './attributes';
import {
  eventTimeToMs,
  isShowableTimeMs,
  nanosToBigInt,
  nanosToMs,
  normalizeSpanId,
  normalizeTraceId
} from './ids';
import { decodeAttribute, isRecord, toStr } from './json';
import { parseSpanLinks } from './links';
import { ISpanEvent, ISpanException, ISpanLink, SpanStatus } from './types';

/** A span before tree building: ids as given (normalized), no indices. */
export interface IRawSpan {
  /** Normalized id; null when the payload has none. */
  id: string | null;
  parentId: string | null;
  /** Trace id found on the span (`mlflow.traceRequestId` or context), if any. */
  traceId: string | null;
  name: string;
  spanType: string;
  status: SpanStatus;
  statusMessage: string;
  startMs: number | null;
  endMs: number | null;
  /** Exact nanoseconds when the time was an integer; for exact durations. */
  startNs: bigint | null;
  endNs: bigint | null;
  /** The raw start / end value when it is present but not a finite time. */
  badStart?: unknown;
  badEnd?: unknown;
  inputs?: unknown;
  outputs?: unknown;
  attributes: Record<string, unknown>;
  events: ISpanEvent[];
  exceptions: ISpanException[];
  /** OTel span kind when given (`SPAN_KIND_CLIENT`...). */
  kind?: string;
  /** OTel links (links.ts); absent when none. */
  links?: ISpanLink[];
}

const SPAN_TYPE_KEY = 'mlflow.spanType';
const INPUTS_KEY = 'mlflow.spanInputs';
const OUTPUTS_KEY = 'mlflow.spanOutputs';

/** Map every status spelling seen in the wild to a SpanStatus. */
export function mapSpanStatus(raw: unknown): SpanStatus {
  if (typeof raw === 'number') {
    // OTel enum: 0 UNSET, 1 OK, 2 ERROR.
    return raw === 1 ? 'OK' : raw === 2 ? 'ERROR' : 'UNSET';
  }
  if (typeof raw !== 'string') {
    return 'UNSET';
  }
  const s = raw.trim().toUpperCase();
  if (s === 'OK' || s.endsWith('_OK') || s.endsWith('.OK') || s === '1') {
    return 'OK';
  }
  if (
    s === 'ERROR' ||
    s.endsWith('_ERROR') ||
    s.endsWith('.ERROR') ||
    s === '2'
  ) {
    return 'ERROR';
  }
  return 'UNSET';
}

/**
 * Parse one raw span. Never throws; a non-object becomes an empty span named
 * after its type so that the caller can warn and keep going.
 */
export function parseSpan(raw: unknown): IRawSpan {
  if (!isRecord(raw)) {
    return {
      id: null,
      parentId: null,
      traceId: null,
      name: '',
      spanType: 'UNKNOWN',
      status: 'UNSET',
      statusMessage: '',
      startMs: null,
      endMs: null,
      startNs: null,
      endNs: null,
      attributes: {},
      events: [],
      exceptions: []
    };
  }
  const context = isRecord(raw.context) ? raw.context : undefined;
  const attributes = attributesToRecord(raw.attributes);

  const id = normalizeSpanId(
    raw.span_id ??
      raw.spanId ??
      (context ? (context.span_id ?? context.spanId) : undefined)
  );
  const parentId = normalizeSpanId(
    raw.parent_span_id ?? raw.parentSpanId ?? raw.parent_id ?? raw.parentId
  );

  const traceAttr = attributes['mlflow.traceRequestId'];
  const traceId =
    (typeof traceAttr === 'string' ? traceAttr : null) ??
    normalizeTraceId(
      raw.trace_id ??
        raw.traceId ??
        raw.request_id ??
        (context ? (context.trace_id ?? context.traceId) : undefined)
    );

  const start = spanTime(raw, 'start');
  const end = spanTime(raw, 'end');
  const startMs = start.ms;

  let status: SpanStatus = 'UNSET';
  let statusMessage = '';
  const st = raw.status;
  if (isRecord(st)) {
    status = mapSpanStatus(st.code ?? st.status_code ?? st.statusCode);
    statusMessage = toStr(st.message ?? st.description) ?? '';
  } else if (typeof st === 'string' || typeof st === 'number') {
    status = mapSpanStatus(st);
  }
  if (raw.status_code !== undefined) {
    status = mapSpanStatus(raw.status_code);
  }
  if (typeof raw.status_message === 'string') {
    statusMessage = raw.status_message;
  }

  const typeAttr = attributes[SPAN_TYPE_KEY] ?? raw.span_type ?? raw.spanType;
  const oiKind = attributes['openinference.span.kind'];
  const spanType =
    typeof typeAttr === 'string' && typeAttr !== ''
      ? typeAttr
      : typeof oiKind === 'string' && oiKind !== ''
        ? oiKind.toUpperCase()
        : 'UNKNOWN';

  const span: IRawSpan = {
    id,
    parentId,
    traceId,
    name: toStr(raw.name) ?? '',
    spanType,
    status,
    statusMessage,
    startMs,
    endMs: end.ms,
    startNs: start.ns,
    endNs: end.ns,
    attributes,
    events: [],
    exceptions: []
  };
  if ('bad' in start) {
    span.badStart = start.bad;
  }
  if ('bad' in end) {
    span.badEnd = end.bad;
  }

  const inputs = firstDefined(
    attributes,
    INPUTS_KEY,
    raw,
    'inputs',
    'input.value'
  );
  if (inputs !== undefined) {
    span.inputs = inputs;
  }
  const outputs = firstDefined(
    attributes,
    OUTPUTS_KEY,
    raw,
    'outputs',
    'output.value'
  );
  if (outputs !== undefined) {
    span.outputs = outputs;
  }

  const kind = raw.kind;
  if (typeof kind === 'string') {
    span.kind = kind;
  } else if (typeof kind === 'number') {
    span.kind = String(kind);
  }

  const links = parseSpanLinks(raw.links);
  if (links.length > 0) {
    span.links = links;
  }

  if (Array.isArray(raw.events)) {
    for (const ev of raw.events) {
      const event = parseEvent(ev, startMs);
      if (!event) {
        continue;
      }
      span.events.push(event);
      if (event.name === 'exception') {
        span.exceptions.push(exceptionFromEvent(event));
      }
    }
  }
  return span;
}

function firstDefined(
  attributes: Record<string, unknown>,
  attrKey: string,
  raw: Record<string, unknown>,
  rawKey: string,
  otherAttrKey: string
): unknown {
  if (attributes[attrKey] !== undefined) {
    return attributes[attrKey];
  }
  if (raw[rawKey] !== undefined) {
    // Old v2 spans held inputs/outputs as top-level keys, sometimes encoded.
    const v = raw[rawKey];
    return decodeAttribute(v);
  }
  return attributes[otherAttrKey];
}

interface ISpanTime {
  ms: number | null;
  ns: bigint | null;
  /** Present (the raw value) when a time was given but is not a finite time. */
  bad?: unknown;
}

function spanTime(
  raw: Record<string, unknown>,
  which: 'start' | 'end'
): ISpanTime {
  const ns =
    which === 'start'
      ? (raw.start_time_unix_nano ??
        raw.startTimeUnixNano ??
        raw.start_time_ns ??
        raw.start_time)
      : (raw.end_time_unix_nano ??
        raw.endTimeUnixNano ??
        raw.end_time_ns ??
        raw.end_time);
  if (
    ns === null ||
    ns === undefined ||
    (typeof ns === 'string' && ns.trim() === '')
  ) {
    return { ms: null, ns: null };
  }
  const ms = nanosToMs(ns);
  // 0 is what some exporters write for "not ended".
  if (which === 'end' && ms === 0) {
    return { ms: null, ns: null };
  }
  if (!isShowableTimeMs(ms)) {
    return { ms: null, ns: null, bad: ns };
  }
  return { ms, ns: nanosToBigInt(ns) };
}

function parseEvent(
  raw: unknown,
  spanStartMs: number | null
): ISpanEvent | null {
  if (!isRecord(raw)) {
    return null;
  }
  return {
    name: toStr(raw.name) ?? '',
    timeMs: eventTimeToMs(
      raw.time_unix_nano ?? raw.timeUnixNano ?? raw.timestamp,
      spanStartMs
    ),
    attributes: eventAttributesToRecord(raw.attributes)
  };
}

function exceptionFromEvent(event: ISpanEvent): ISpanException {
  const a = event.attributes;
  const exc: ISpanException = {
    type: textOf(a['exception.type']),
    message: textOf(a['exception.message'])
  };
  const trace = a['exception.stacktrace'];
  if (trace !== undefined && trace !== null) {
    exc.stacktrace = textOf(trace);
  }
  return exc;
}

function textOf(v: unknown): string {
  if (v === undefined || v === null) {
    return '';
  }
  if (typeof v === 'string') {
    return v;
  }
  if (typeof v === 'object') {
    try {
      return JSON.stringify(v);
    } catch {
      return String(v);
    }
  }
  return String(v);
}
