/**
 * Whole traces from `Trace.to_json()` or from REST responses: spans, tree,
 * chat, usage. The heavy part of the model, loaded with the viewer; trace
 * info and summaries are read by `info.ts`.
 */

import { parseChat } from './chat';
import { describeType, isRecord, parseJson, shownValue } from './json';
import { ITraceInfo, parseTraceInfo, unwrapInfo } from './info';
import { spanExtent } from './extent';
import { every, finish, Steps } from './slices';
import { IRawSpan, parseSpan } from './spans';
import { buildTreeSteps, WarningCollector } from './tree';
import { ITrace, ITraceError, TraceState } from './types';
import {
  costFromDict,
  spanCost,
  spanModel,
  spanTokenUsage,
  sumSpanCost,
  sumSpanUsage,
  usageFromDict
} from './usage';

type Rec = Record<string, unknown>;

/** Thrown by `traceFromJson` / `traceFromRest` for input that is not a trace. */
export class TraceParseError extends Error {
  constructor(
    readonly code: ITraceError['code'],
    message: string
  ) {
    super(message);
    this.name = 'TraceParseError';
  }
}

// ---------------------------------------------------------------------------
// Whole traces

/** Build an ITrace from parsed info (or none) and a raw span list. */
export function buildTrace(
  info: ITraceInfo | null,
  rawSpans: unknown[]
): ITrace {
  return finish(buildTraceSteps(info, rawSpans));
}

/**
 * `buildTrace` in steps (slices.ts); `parsed`: the spans already read
 * (structure.ts), instead of `rawSpans`.
 */
function* buildTraceSteps(
  info: ITraceInfo | null,
  rawSpans: unknown[],
  parsed?: IRawSpan[]
): Steps<ITrace> {
  const warnings = new WarningCollector();
  const raws: IRawSpan[] = parsed ?? new Array(rawSpans.length);
  for (let i = 0; !parsed && i < rawSpans.length; i++) {
    const item = rawSpans[i];
    if (!isRecord(item)) {
      warnings.add(
        'bad-span',
        `bad span: item #${i} is ${describeType(item)}, not a span; kept as an empty span`
      );
    }
    raws[i] = parseSpan(item);
    if (every(i)) {
      yield;
    }
  }

  const tree = yield* buildTreeSteps(raws, warnings, info?.startMs ?? null);
  const spans = tree.spans;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    if (every(i)) {
      yield;
    }
    try {
      span.chat = parseChat(span.inputs, span.outputs, span.attributes);
    } catch (err) {
      warnings.add(
        'chat',
        `chat: could not read messages of span ${span.id}: ${String(err)}`
      );
    }
    span.tokenUsage = spanTokenUsage(span.attributes, span.outputs);
    span.cost = spanCost(span.attributes);
    const model = spanModel(span.attributes);
    if (model !== undefined) {
      span.model = model;
    }
  }

  const metadata = info?.metadata ?? {};
  const tags = info?.tags ?? {};

  let traceId = info?.traceId ?? null;
  if (!traceId) {
    for (const r of raws) {
      if (r.traceId) {
        traceId = r.traceId;
        break;
      }
    }
  }

  // Span timestamps (nanoseconds) are the trace's times when they can say
  // them: the info has whole milliseconds only, and its start is rounded
  // down, so a 413 µs trace would read "0 ms" and the timeline would open
  // with a blank stretch before the root.
  const extent = spanExtent(raws);
  const rootOpen = tree.rootIndices.some(
    r => spans[r].endMs === null && spans[r].timeIssue === undefined
  );
  const fromSpans = extent !== null && extent.durationMs !== null && !rootOpen;
  let timeIssue = info?.timeIssue;
  if (info?.badTime) {
    warnings.add(
      'trace-time',
      `${timeIssue === 'end-before-start' ? 'impossible' : 'invalid'} time: the trace's ${info.badTime.field} ${shownValue(info.badTime.value)} is ${timeIssue === 'end-before-start' ? 'negative' : 'not a finite time'}; ${fromSpans ? "the spans' times are shown instead" : 'not shown'}`
    );
  }
  let startMs: number | null;
  let durationMs: number | null;
  let endMs: number | null;
  let durationPrecision: ITrace['durationPrecision'] = 'ms';
  if (fromSpans) {
    startMs = extent.startMs;
    durationMs = extent.durationMs;
    endMs = extent.endMs;
    durationPrecision = 'ns';
    timeIssue = undefined;
  } else {
    // No span ended, or a root still runs: the spans cannot say how long
    // the trace took; the info may (whole milliseconds).
    startMs = extent?.startMs ?? info?.startMs ?? null;
    durationMs = info?.durationMs ?? null;
    endMs =
      startMs !== null && durationMs !== null
        ? startMs + durationMs
        : (extent?.endMs ?? null);
  }

  const firstRoot =
    tree.rootIndices.length > 0 ? spans[tree.rootIndices[0]] : undefined;
  let state = info?.state ?? null;
  if (state === null) {
    state = stateFromSpans(spans, tree.rootIndices);
  }

  const trace: ITrace = {
    traceId: traceId ?? '',
    experimentId: info?.experimentId ?? null,
    name: tags['mlflow.traceName'] || firstRoot?.name || traceId || '',
    state,
    startMs,
    endMs,
    durationMs,
    durationPrecision,
    spans,
    rootIndices: tree.rootIndices,
    timeIssueCount: tree.timeIssueCount,
    errorSpanCount: tree.errorSpanCount,
    maxDepth: tree.maxDepth,
    tokenUsage:
      usageFromDict(metadata['mlflow.trace.tokenUsage']) ?? sumSpanUsage(spans),
    cost: costFromDict(metadata['mlflow.trace.cost']) ?? sumSpanCost(spans),
    metadata,
    tags,
    assessments: info?.assessments ?? [],
    warnings: []
  };
  if (timeIssue !== undefined) {
    trace.timeIssue = timeIssue;
  }
  if (info?.requestPreview !== undefined) {
    trace.requestPreview = info.requestPreview;
  }
  if (info?.responsePreview !== undefined) {
    trace.responsePreview = info.responsePreview;
  }
  trace.warnings = warnings.finish();
  return trace;
}

function stateFromSpans(spans: ITrace['spans'], roots: number[]): TraceState {
  if (roots.length === 0) {
    return 'UNSPECIFIED';
  }
  let allOk = true;
  for (const r of roots) {
    const s = spans[r];
    if (s.status === 'ERROR') {
      return 'ERROR';
    }
    if (s.endMs === null && s.timeIssue === undefined) {
      return 'IN_PROGRESS';
    }
    if (s.status !== 'OK') {
      allOk = false;
    }
  }
  return allOk ? 'OK' : 'UNSPECIFIED';
}

function asObject(value: unknown, what: string): unknown {
  if (typeof value === 'string') {
    const parsed = parseJson(value);
    if (!parsed.ok) {
      throw new TraceParseError(
        'invalid-json',
        `${what}: invalid JSON (${parsed.message})`
      );
    }
    return parsed.value;
  }
  return value;
}

/**
 * A trace fetched from a tracking server, in the shape MLflow gives a trace
 * (`Trace.to_json()`: `{info, data: {spans}}`), for the raw JSON view: the
 * REST answers' envelopes (`{trace: {trace_info}}`, `{spans}`) are removed,
 * the values are left as the server sent them.
 */
export function mlflowTraceJson(
  info: unknown,
  spans: unknown
): { info: unknown; data: { spans: unknown } } {
  let list: unknown = spans;
  try {
    list = spanListOf(spans, 'trace spans') ?? [];
  } catch {
    // Not a span list: show what the server sent.
  }
  return { info: unwrapInfo(info) ?? info ?? null, data: { spans: list } };
}

/** The span list inside `data` / `trace_data` / a spans body; null when absent. */
function spanListOf(data: unknown, what: string): unknown[] | null {
  const value = asObject(data, what);
  if (value === null || value === undefined) {
    return null;
  }
  if (Array.isArray(value)) {
    return value;
  }
  if (isRecord(value)) {
    if (Array.isArray(value.spans)) {
      return value.spans;
    }
    if (value.spans === undefined || value.spans === null) {
      return [];
    }
    throw new TraceParseError(
      'unsupported-shape',
      `${what}: expected "spans" to be a list, got ${describeType(value.spans)}`
    );
  }
  throw new TraceParseError(
    'unsupported-shape',
    `${what}: expected an object with "spans", got ${describeType(value)}`
  );
}

/**
 * A full trace: `{info, data: {spans}}` (`Trace.to_json()`, as an object or
 * its JSON string), `{trace_info, trace_data}`, or a traces/get body
 * `{trace: {trace_info, spans}}`. Throws TraceParseError when it is not one.
 */
export function traceFromJson(obj: unknown): ITrace {
  return finish(traceFromJsonSteps(obj));
}

/**
 * `traceFromJson` in steps (slices.ts); `parsed`: its spans already read
 * (the hook's structure, structure.ts).
 */
export function* traceFromJsonSteps(
  obj: unknown,
  parsed?: IRawSpan[]
): Steps<ITrace> {
  const value = asObject(obj, 'trace');
  if (!isRecord(value)) {
    throw new TraceParseError(
      'unsupported-shape',
      `trace: expected an object with "info" and "data", got ${describeType(value)}`
    );
  }
  let root: Rec = value;
  if (isRecord(root.trace) && !('info' in root) && !('trace_info' in root)) {
    root = root.trace;
  }
  const infoRaw = root.info ?? root.trace_info;
  const hasData =
    'data' in root || 'trace_data' in root || Array.isArray(root.spans);
  if (infoRaw === undefined && !hasData) {
    const keys = Object.keys(root).slice(0, 5).join(', ');
    throw new TraceParseError(
      'unsupported-shape',
      `trace: expected "info" and "data" keys, got an object with ${keys ? `keys ${keys}` : 'no keys'}`
    );
  }
  const infoValue = asObject(infoRaw, 'trace info');
  if (infoValue !== undefined && infoValue !== null && !isRecord(infoValue)) {
    throw new TraceParseError(
      'unsupported-shape',
      `trace info: expected an object, got ${describeType(infoValue)}`
    );
  }
  const info = isRecord(infoValue) ? parseTraceInfo(infoValue) : null;
  const spans =
    spanListOf(
      root.data ??
        root.trace_data ??
        (Array.isArray(root.spans) ? root.spans : undefined),
      'trace data'
    ) ?? [];
  return yield* buildTraceSteps(info, spans, parsed);
}

/**
 * A trace from REST responses.
 *
 * `info`: a trace info response in any version (`{trace: {trace_info}}`,
 * `{trace_info}`, a bare info); may be null when only spans are known.
 * `spans`: the get-trace-artifact body `{spans: [...]}` (object or JSON
 * text), a traces/get body `{trace: {trace_info, spans}}`, a batchGet body
 * `{traces: [...]}`, or a bare list.
 */
export function traceFromRest(info: unknown, spans?: unknown): ITrace {
  const infoValue = asObject(info, 'trace info');
  const unwrapped =
    infoValue === null || infoValue === undefined
      ? null
      : unwrapInfo(infoValue);
  if (infoValue !== null && infoValue !== undefined && !unwrapped) {
    throw new TraceParseError(
      'unsupported-shape',
      `trace info: expected an object, got ${describeType(infoValue)}`
    );
  }
  let parsedInfo = unwrapped ? parseTraceInfo(unwrapped) : null;

  let body = asObject(spans, 'trace spans');
  if (isRecord(body) && Array.isArray(body.traces)) {
    // batchGet: pick the requested trace, else the first.
    const want = parsedInfo?.traceId;
    body =
      body.traces.find(
        t =>
          isRecord(t) &&
          want &&
          unwrapInfo(t) &&
          parseTraceInfo(t).traceId === want
      ) ?? body.traces[0];
  }
  if (isRecord(body) && isRecord(body.trace)) {
    body = body.trace;
  }
  if (isRecord(body) && (isRecord(body.trace_info) || isRecord(body.info))) {
    if (!parsedInfo) {
      parsedInfo = parseTraceInfo(body);
    }
    body = body.spans ?? body.data ?? body.trace_data ?? null;
  }
  if (!parsedInfo && (body === null || body === undefined)) {
    throw new TraceParseError(
      'empty',
      'trace: neither trace info nor spans were given'
    );
  }
  const list = spanListOf(body, 'trace spans') ?? [];
  return buildTrace(parsedInfo, list);
}

/**
 * MLflow 3 records how many spans a trace has (`mlflow.trace.sizeStats`); a
 * trace read while its spans are still being written has fewer. Unknown
 * counts are taken as complete.
 */
export function spansStillArriving(trace: ITrace): boolean {
  let stats = trace.metadata['mlflow.trace.sizeStats'];
  if (typeof stats === 'string') {
    const parsed = parseJson(stats);
    stats = parsed.ok ? parsed.value : undefined;
  }
  const expected = isRecord(stats) ? stats['num_spans'] : undefined;
  return (
    typeof expected === 'number' &&
    Number.isInteger(expected) &&
    expected > trace.spans.length
  );
}
