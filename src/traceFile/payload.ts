/**
 * Trace files: what a `.json` file holds, read as the notebook envelope the
 * viewer already parses, and what an output holds, written as a file.
 * Light (no trace building): the trace itself is parsed by `parseMimeBundle`,
 * which comes with the viewer.
 */
import {
  decodeBundleJson,
  describeType,
  isRecord,
  parseJson
} from '../model/json';
import {
  fullTraceReference,
  fullTraceRoot,
  looksLikeFullTrace,
  referencesOf
} from '../model/references';
import {
  DATABRICKS_TRACE_MIME,
  ENVELOPE_VERSION,
  MLFLOW_TRACE_MIME
} from '../model/types';
import { englishBundle, type TranslationBundle } from '../components/i18n';
import { TRACE_FILE_EXTENSION } from './names';

export type TraceFileContent =
  | {
      ok: true;
      /** The file as our envelope, for `parseMimeBundle`. */
      bundle: Record<string, unknown>;
      /** Each trace as the file holds it, for the raw JSON view. */
      raw: unknown[];
    }
  | { ok: false; message: string };

/**
 * Read a file's text: one trace in any shape the model reads
 * (`Trace.to_json()`, `{trace_info, trace_data}`, the REST get-trace answer
 * `{trace: {trace_info, spans}}`), a list of them, a batch `{traces: [...]}`
 * or our envelope `{version, traces}`. Never throws.
 */
export function readTraceFile(
  text: string,
  trans: TranslationBundle = englishBundle
): TraceFileContent {
  const parsed = parseJson(text);
  if (!parsed.ok) {
    return {
      ok: false,
      message: trans.__(
        'not an MLflow trace: the file is not valid JSON (%1)',
        parsed.message
      )
    };
  }
  const value = parsed.value;
  let envelope: Record<string, unknown>;
  if (isRecord(value) && 'version' in value && 'traces' in value) {
    envelope = value;
  } else if (Array.isArray(value)) {
    envelope = { version: ENVELOPE_VERSION, traces: value };
  } else if (isRecord(value) && Array.isArray(value.traces)) {
    envelope = { version: ENVELOPE_VERSION, traces: value.traces };
  } else if (isRecord(value)) {
    envelope = { version: ENVELOPE_VERSION, traces: [value] };
  } else {
    return {
      ok: false,
      message: trans.__(
        'not an MLflow trace: expected a trace object or a list of traces, got %1',
        describeType(value)
      )
    };
  }
  const traces = Array.isArray(envelope.traces) ? envelope.traces : [];
  return { ok: true, bundle: { [MLFLOW_TRACE_MIME]: envelope }, raw: traces };
}

/**
 * The viewer's parse error, said of a file: "not an MLflow trace: …"
 * without the MIME type, which means nothing to someone opening a file.
 */
export function fileErrorMessage(
  message: string,
  trans: TranslationBundle = englishBundle
): string {
  const prefix = `${MLFLOW_TRACE_MIME}: `;
  const rest = message.startsWith(prefix)
    ? message.slice(prefix.length)
    : message;
  return trans.__('not an MLflow trace: %1', rest);
}

/** A parse that found no trace with spans, said of a file. */
export function noTraceMessage(
  trans: TranslationBundle = englishBundle
): string {
  return trans.__('not an MLflow trace: the file holds no trace with spans');
}

/** A full trace as the output holds it (an object or MLflow's JSON text), not a bare id. */
function isFullTrace(item: unknown): boolean {
  if (typeof item === 'string') {
    const decoded = parseJson(item);
    return decoded.ok && looksLikeFullTrace(decoded.value);
  }
  return looksLikeFullTrace(item);
}

/** A trace whose spans are all there: not info alone, not a structure of a big trace. */
function hasWholeSpans(item: unknown): boolean {
  const root = fullTraceRoot(item);
  if (!root) {
    return false;
  }
  const data = root.data ?? root.trace_data ?? root;
  return isRecord(data) && !('structure' in data) && Array.isArray(data.spans);
}

/**
 * The full traces an output's MIME bundle embeds, as MLflow wrote them:
 * the entries of our envelope's `traces`, or of the Databricks payload.
 * Empty when the output only names traces by id, or when the envelope holds
 * a shortened copy (values cut to markers, or the structure of a big trace):
 * a file of it would not be the trace.
 */
export function embeddedTraces(data: Record<string, unknown>): unknown[] {
  for (const mime of [MLFLOW_TRACE_MIME, DATABRICKS_TRACE_MIME]) {
    if (!(mime in data)) {
      continue;
    }
    const decoded = decodeBundleJson(data[mime]);
    const value = decoded.ok ? decoded.value : data[mime];
    if (isRecord(value) && (value.truncated || value.structure)) {
      return [];
    }
    const items =
      isRecord(value) && Array.isArray(value.traces)
        ? value.traces
        : Array.isArray(value)
          ? value
          : [value];
    const full = items.filter(isFullTrace);
    if (full.length > 0) {
      return full.every(hasWholeSpans) ? full : [];
    }
  }
  return [];
}

/** Where the trace file of an output comes from. */
export type ExportSource =
  /** The output embeds the whole traces: written as MLflow wrote them. */
  | { kind: 'embedded'; traces: unknown[] }
  /**
   * The output names traces by id only (MLflow's iframe, Databricks ids) or
   * embeds a shortened copy: fetched from the configured tracking server.
   */
  | { kind: 'server'; traceIds: string[] }
  | { kind: 'none' };

/** What exporting the output `data` (a MIME bundle) writes. Never throws. */
export function exportSource(data: Record<string, unknown>): ExportSource {
  const traces = embeddedTraces(data);
  if (traces.length > 0) {
    return { kind: 'embedded', traces };
  }
  const found = referencesOf(data);
  const traceIds = [...new Set(found?.references.map(r => r.traceId) ?? [])];
  return traceIds.length > 0 ? { kind: 'server', traceIds } : { kind: 'none' };
}

/**
 * The text of a trace file for `traces`: one trace alone, several as a
 * list. A trace kept as MLflow's JSON text is written as that text.
 */
export function traceFileText(traces: unknown[]): string {
  if (traces.length === 1 && typeof traces[0] === 'string') {
    return traces[0];
  }
  const values = traces.map(t => {
    if (typeof t !== 'string') {
      return t;
    }
    const decoded = parseJson(t);
    return decoded.ok ? decoded.value : t;
  });
  return JSON.stringify(values.length === 1 ? values[0] : values, null, 2);
}

/** A file name for the export: the trace id, only characters safe in paths. */
export function traceFileName(traces: unknown[]): string {
  const id =
    traces.length === 1 ? fullTraceReference(traces[0])?.traceId : null;
  const base = (id ?? `mlflow-traces-${traces.length}`).replace(
    /[^A-Za-z0-9._-]/g,
    '_'
  );
  return `${base}${TRACE_FILE_EXTENSION}`;
}
