/**
 * Trace info (v2/v3, `to_json` and REST forms), assessments, and the short
 * summaries the sidebar lists. Light: no spans, tree, chat or span usage, so
 * code that lists traces (loaded at start-up) does not carry trace building
 * (`trace.ts`, loaded with the viewer).
 */

import { keyValuesToRawRecord } from './attributes';
import {
  isShowableTimeMs,
  normalizeSpanId,
  normalizeTraceId,
  parseDurationMs,
  parseTimestampMs
} from './ids';
import { decodeAttribute, isRecord, parseJson, setKey, toStr } from './json';
import { IAssessment, ITraceSummary, TimeIssue, TraceState } from './types';
import { usageFromDict } from './usage';

type Rec = Record<string, unknown>;

/** Normalized trace info, shared by full traces and summaries. */
export interface ITraceInfo {
  traceId: string | null;
  experimentId: string | null;
  startMs: number | null;
  /** null when absent or impossible (then `timeIssue` is set). */
  durationMs: number | null;
  /** The info's start or duration is present but impossible. */
  timeIssue?: TimeIssue;
  /** The raw impossible value, for the warning. */
  badTime?: { field: string; value: unknown };
  /** null when the info does not say. */
  state: TraceState | null;
  metadata: Record<string, unknown>;
  tags: Record<string, string>;
  requestPreview?: string;
  responsePreview?: string;
  clientRequestId?: string;
  assessments: IAssessment[];
}

const STATE_BY_NUMBER: TraceState[] = [
  'UNSPECIFIED',
  'OK',
  'ERROR',
  'IN_PROGRESS'
];

/** v2 `status` / v3 `state`, any spelling, to a TraceState. */
export function mapTraceState(raw: unknown): TraceState | null {
  if (typeof raw === 'number') {
    return STATE_BY_NUMBER[raw] ?? 'UNSPECIFIED';
  }
  if (typeof raw !== 'string' || raw.trim() === '') {
    return null;
  }
  const s = raw.trim().toUpperCase();
  if (s === 'OK' || s.endsWith('_OK') || s.endsWith('.OK')) {
    return 'OK';
  }
  if (s === 'ERROR' || s.endsWith('_ERROR') || s.endsWith('.ERROR')) {
    return 'ERROR';
  }
  if (s.endsWith('IN_PROGRESS')) {
    return 'IN_PROGRESS';
  }
  return 'UNSPECIFIED';
}

function idString(v: unknown): string | null {
  if (typeof v === 'string' && v !== '') {
    return v;
  }
  if (typeof v === 'number' && Number.isFinite(v)) {
    return String(v);
  }
  return null;
}

function experimentIdOf(info: Rec): string | null {
  const direct = idString(info.experiment_id);
  if (direct) {
    return direct;
  }
  const loc = info.trace_location;
  if (isRecord(loc)) {
    const exp = loc.mlflow_experiment;
    if (isRecord(exp)) {
      const id = idString(exp.experiment_id);
      if (id) {
        return id;
      }
    }
  }
  return null;
}

function tagsOf(raw: unknown): Record<string, string> {
  const rec = keyValuesToRawRecord(raw);
  const out: Record<string, string> = {};
  for (const key of Object.keys(rec)) {
    const v = rec[key];
    if (typeof v === 'string') {
      setKey(out, key, v);
    } else if (v !== undefined && v !== null) {
      let text: string;
      try {
        text = typeof v === 'object' ? JSON.stringify(v) : String(v);
      } catch {
        text = String(v);
      }
      setKey(out, key, text);
    }
  }
  return out;
}

function metadataOf(raw: unknown): Record<string, unknown> {
  const rec = keyValuesToRawRecord(raw);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(rec)) {
    setKey(out, key, decodeAttribute(rec[key]));
  }
  return out;
}

/** Parse one assessment (3.x); null for garbage. */
export function parseAssessment(raw: unknown): IAssessment | null {
  if (!isRecord(raw)) {
    return null;
  }
  const a: IAssessment = {
    id: toStr(raw.assessment_id) ?? toStr(raw.id) ?? '',
    name: toStr(raw.assessment_name) ?? toStr(raw.name) ?? '',
    value: null,
    kind: 'unknown'
  };
  const spanId = normalizeSpanId(raw.span_id);
  if (spanId) {
    a.spanId = spanId;
  }
  if (isRecord(raw.source)) {
    const st = toStr(raw.source.source_type);
    if (st) {
      a.sourceType = st;
    }
  }
  const rationale = toStr(raw.rationale);
  if (rationale !== undefined) {
    a.rationale = rationale;
  }
  if (isRecord(raw.feedback)) {
    a.kind = 'feedback';
    a.value = raw.feedback.value ?? null;
    if (a.value === null && raw.feedback.error !== undefined) {
      a.value = { error: raw.feedback.error };
    }
  } else if (isRecord(raw.expectation)) {
    a.kind = 'expectation';
    const e = raw.expectation;
    if (e.value !== undefined) {
      a.value = e.value;
    } else if (isRecord(e.serialized_value)) {
      a.value = decodeAttribute(e.serialized_value.value);
    } else if (e.serialized_value !== undefined) {
      a.value = decodeAttribute(e.serialized_value);
    }
  }
  return a;
}

/**
 * Unwrap REST info envelopes: `{trace: {trace_info}}`, `{trace_info}`,
 * `{trace: {info}}`, `{info}` or the bare info.
 */
export function unwrapInfo(raw: unknown): Rec | null {
  let cur: unknown = raw;
  if (typeof cur === 'string') {
    const parsed = parseJson(cur);
    cur = parsed.ok ? parsed.value : null;
  }
  for (let i = 0; i < 3 && isRecord(cur); i++) {
    if (isRecord(cur.trace)) {
      cur = cur.trace;
    } else if (isRecord(cur.trace_info)) {
      cur = cur.trace_info;
    } else if (isRecord(cur.info)) {
      cur = cur.info;
    } else {
      break;
    }
  }
  return isRecord(cur) ? cur : null;
}

/** Trace info in any version/form to ITraceInfo. Garbage gives an empty info. */
export function parseTraceInfo(raw: unknown): ITraceInfo {
  const info = unwrapInfo(raw) ?? {};
  const traceId =
    normalizeTraceId(info.trace_id) ??
    normalizeTraceId(info.request_id) ??
    null;
  const metadata = metadataOf(info.trace_metadata ?? info.request_metadata);
  const rawStart = info.request_time ?? info.timestamp_ms;
  const rawDuration =
    info.execution_duration_ms ??
    info.execution_duration ??
    info.execution_time_ms;
  let startMs = parseTimestampMs(rawStart);
  let durationMs = parseDurationMs(rawDuration);
  let timeIssue: TimeIssue | undefined;
  let badTime: ITraceInfo['badTime'];
  if (startMs !== null && !isShowableTimeMs(startMs)) {
    timeIssue = 'non-finite-time';
    badTime = { field: 'start time', value: rawStart };
    startMs = null;
  }
  if (durationMs !== null && durationMs < 0) {
    timeIssue = 'end-before-start';
    badTime = { field: 'duration', value: rawDuration };
    durationMs = null;
  } else if (
    (durationMs === null &&
      rawDuration !== undefined &&
      rawDuration !== null &&
      rawDuration !== '') ||
    (durationMs !== null && !isShowableTimeMs(durationMs))
  ) {
    timeIssue = 'non-finite-time';
    badTime = { field: 'duration', value: rawDuration };
    durationMs = null;
  }
  const result: ITraceInfo = {
    traceId,
    experimentId: experimentIdOf(info),
    startMs,
    durationMs,
    state: mapTraceState(info.state ?? info.status),
    metadata,
    tags: tagsOf(info.tags),
    assessments: []
  };
  if (timeIssue !== undefined) {
    result.timeIssue = timeIssue;
    result.badTime = badTime;
  }
  const preview = (v: unknown): string | undefined =>
    typeof v === 'string' ? v : undefined;
  const req = preview(info.request_preview) ?? preview(info.request);
  if (req !== undefined) {
    result.requestPreview = req;
  }
  const resp = preview(info.response_preview) ?? preview(info.response);
  if (resp !== undefined) {
    result.responsePreview = resp;
  }
  const crid = toStr(info.client_request_id);
  if (crid) {
    result.clientRequestId = crid;
  }
  if (Array.isArray(info.assessments)) {
    for (const item of info.assessments) {
      const a = parseAssessment(item);
      if (a) {
        result.assessments.push(a);
      }
    }
  }
  return result;
}

function rawPreview(
  metadata: Record<string, unknown>,
  key: string
): string | undefined {
  const v = metadata[key];
  if (v === undefined) {
    return undefined;
  }
  if (typeof v === 'string') {
    return v;
  }
  try {
    return JSON.stringify(v);
  } catch {
    return undefined;
  }
}

/** Short summary (search results). Never throws. */
export function summaryFromInfo(raw: unknown): ITraceSummary {
  const info = parseTraceInfo(raw);
  const summary: ITraceSummary = {
    traceId: info.traceId ?? '',
    experimentId: info.experimentId,
    name: info.tags['mlflow.traceName'] ?? info.traceId ?? '',
    state: info.state ?? 'UNSPECIFIED',
    startMs: info.startMs,
    durationMs: info.durationMs,
    tokenUsage: usageFromDict(info.metadata['mlflow.trace.tokenUsage']),
    tags: info.tags,
    metadata: info.metadata
  };
  if (info.timeIssue !== undefined) {
    summary.timeIssue = info.timeIssue;
  }
  // v2 infos have no previews; MLflow's UI falls back to the recorded inputs.
  const req =
    info.requestPreview ?? rawPreview(info.metadata, 'mlflow.traceInputs');
  if (req !== undefined) {
    summary.requestPreview = req;
  }
  const resp =
    info.responsePreview ?? rawPreview(info.metadata, 'mlflow.traceOutputs');
  if (resp !== undefined) {
    summary.responsePreview = resp;
  }
  return summary;
}

/** Summaries from a search response body (`{traces: [...]}`) or a list of infos. */
export function summariesFromSearch(body: unknown): ITraceSummary[] {
  const list = isRecord(body) ? body.traces : body;
  if (!Array.isArray(list)) {
    return [];
  }
  return list.filter(isRecord).map(summaryFromInfo);
}
