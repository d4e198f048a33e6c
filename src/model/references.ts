/**
 * Which traces a MIME bundle shows, read cheaply: the ids and experiments of
 * the envelope, of MLflow's iframe or of the Databricks payload, without
 * building the traces (no spans, tree or chat). For code that only needs ids,
 * such as the sidebar following a notebook, and for deciding whether an HTML
 * output is MLflow's at all before any viewer code loads.
 */
import { mlflowIframeOf } from './iframe';
import {
  coerceBundleText,
  decodeBundleJson,
  isRecord,
  parseJson
} from './json';
import { parseTraceInfo } from './info';
import {
  DATABRICKS_TRACE_MIME,
  ENVELOPE_VERSION,
  HTML_MIME,
  ITraceReference,
  MLFLOW_TRACE_MIME
} from './types';

export interface IBundleReferences {
  /** In display order; `experimentId` when the payload names one. */
  references: ITraceReference[];
  /** Tracking server the payload names (envelope, MLflow's iframe), if any. */
  trackingUri?: string;
}

/** Whether an item of a Databricks payload is a full trace rather than an id. */
export function looksLikeFullTrace(v: unknown): boolean {
  return (
    isRecord(v) &&
    ('info' in v || 'trace_info' in v || 'data' in v || 'trace_data' in v)
  );
}

/** A trace id, or `{trace_id | request_id, sql_warehouse_id?, experiment_id?}`, to a reference. */
export function referenceFrom(item: unknown): ITraceReference | null {
  if (typeof item === 'string') {
    const id = item.trim();
    return id === '' ? null : { traceId: id };
  }
  if (isRecord(item)) {
    const id = item.trace_id ?? item.request_id;
    if (typeof id === 'string' && id.trim() !== '') {
      const ref: ITraceReference = { traceId: id.trim() };
      if ('sql_warehouse_id' in item) {
        const w = item.sql_warehouse_id;
        ref.sqlWarehouseId =
          typeof w === 'string' ? w : w === null ? null : undefined;
        if (ref.sqlWarehouseId === undefined) {
          delete ref.sqlWarehouseId;
        }
      }
      const exp = item.experiment_id;
      if (typeof exp === 'string' && exp !== '') {
        ref.experimentId = exp;
      }
      return ref;
    }
  }
  return null;
}

// A bare id written without JSON quotes (seen in hand-edited notebooks).
export const BARE_ID_RE = /^(tr-[0-9a-f]{32}|[0-9a-f]{32}|trace:\/\S+)$/i;

/**
 * The object holding a full trace's info and data (`Trace.to_json()` as an
 * object or its text, or inside a traces/get body `{trace: …}`); null for
 * anything else.
 */
export function fullTraceRoot(item: unknown): Record<string, unknown> | null {
  let value = item;
  if (typeof value === 'string') {
    const parsed = parseJson(value);
    value = parsed.ok ? parsed.value : null;
  }
  if (!isRecord(value)) {
    return null;
  }
  return isRecord(value.trace) && !('info' in value) && !('trace_info' in value)
    ? value.trace
    : value;
}

/** The id and experiment of one full trace (`Trace.to_json()` shapes). */
export function fullTraceReference(item: unknown): ITraceReference | null {
  const root = fullTraceRoot(item);
  if (!root) {
    return null;
  }
  const infoRaw = root.info ?? root.trace_info;
  if (infoRaw === undefined || infoRaw === null) {
    return null;
  }
  const info = parseTraceInfo(infoRaw);
  if (!info.traceId) {
    return null;
  }
  const ref: ITraceReference = { traceId: info.traceId };
  if (info.experimentId) {
    ref.experimentId = info.experimentId;
  }
  return ref;
}

function fullTraceReferences(items: unknown[]): ITraceReference[] {
  return items
    .map(fullTraceReference)
    .filter((r): r is ITraceReference => r !== null);
}

function envelopeReferences(value: unknown): IBundleReferences | null {
  const decoded = decodeBundleJson(value);
  const env = decoded.ok ? decoded.value : null;
  if (
    !isRecord(env) ||
    typeof env.version !== 'number' ||
    env.version > ENVELOPE_VERSION ||
    !Array.isArray(env.traces)
  ) {
    return null;
  }
  const found: IBundleReferences = {
    references: fullTraceReferences(env.traces)
  };
  if (typeof env.tracking_uri === 'string' && env.tracking_uri !== '') {
    found.trackingUri = env.tracking_uri;
  }
  return found;
}

function databricksReferences(value: unknown): IBundleReferences | null {
  const decoded = decodeBundleJson(value);
  const payload = decoded.ok ? decoded.value : null;
  const items = Array.isArray(payload) ? payload : [payload];
  if (items.some(looksLikeFullTrace)) {
    return {
      references: fullTraceReferences(items.filter(looksLikeFullTrace))
    };
  }
  // Ids only: a string, `{trace_id, sql_warehouse_id}`, or a list of them.
  if (!decoded.ok) {
    const text = coerceBundleText(value);
    return typeof text === 'string' && BARE_ID_RE.test(text.trim())
      ? { references: [{ traceId: text.trim() }] }
      : null;
  }
  const references: ITraceReference[] = [];
  for (const item of items) {
    const ref = referenceFrom(item);
    if (!ref) {
      return null;
    }
    references.push(ref);
  }
  return { references };
}

const READERS: [string, (value: unknown) => IBundleReferences | null][] = [
  [MLFLOW_TRACE_MIME, envelopeReferences],
  [DATABRICKS_TRACE_MIME, databricksReferences],
  [HTML_MIME, mlflowIframeOf]
];

/**
 * The traces a notebook output's MIME bundle shows, in the order
 * `parseMimeBundle` prefers its types (envelope, Databricks, iframe), or
 * null when it shows none. Never throws; reads ids only.
 */
export function referencesOf(
  bundle: Record<string, unknown>
): IBundleReferences | null {
  if (!isRecord(bundle)) {
    return null;
  }
  for (const [mime, read] of READERS) {
    if (!(mime in bundle)) {
      continue;
    }
    try {
      const found = read(bundle[mime]);
      if (found && found.references.length > 0) {
        return found;
      }
    } catch {
      // A payload the light reader cannot read shows no trace ids.
    }
  }
  return null;
}

/**
 * The spans an envelope object holds (rows of a structure, or spans), read
 * without building anything; 0 for anything else (a JSON string included).
 */
export function envelopeSpanCount(value: unknown): number {
  if (!isRecord(value) || !Array.isArray(value.traces)) {
    return 0;
  }
  let count = 0;
  for (const trace of value.traces) {
    const data = isRecord(trace) ? trace.data : undefined;
    if (!isRecord(data)) {
      continue;
    }
    const spans = Array.isArray(data.spans) ? data.spans.length : 0;
    const rows =
      isRecord(data.structure) && Array.isArray(data.structure.spans)
        ? data.structure.spans.length
        : 0;
    count += Math.max(spans, rows);
  }
  return count;
}
