/**
 * Which MLflow traces a notebook cell's outputs show, to follow the
 * notebook in the sidebar. The trace model reads the payloads.
 */
import {
  DATABRICKS_TRACE_MIME,
  HTML_MIME,
  MLFLOW_TRACE_MIME,
  parseMimeBundle
} from '../model';

const TRACE_MIME_TYPES = [MLFLOW_TRACE_MIME, DATABRICKS_TRACE_MIME, HTML_MIME];

export interface ICellTraces {
  /** Experiment of the last trace that names one; null when none does. */
  experimentId: string | null;
  traceIds: string[];
  /** Tracking server the outputs name (MLflow's iframe, the kernel envelope), if any. */
  trackingUri: string | null;
}

/**
 * The traces shown by a cell's outputs (MIME bundles), or null when there
 * are none. Only bundles holding a type MLflow uses are parsed.
 */
export function tracesInOutputs(
  bundles: Iterable<Record<string, unknown>>
): ICellTraces | null {
  const traceIds: string[] = [];
  let experimentId: string | null = null;
  let trackingUri: string | null = null;
  for (const data of bundles) {
    if (!TRACE_MIME_TYPES.some(mime => mime in data)) {
      continue;
    }
    const result = parseMimeBundle(data);
    if (
      (result.kind === 'traces' || result.kind === 'references') &&
      result.trackingUri
    ) {
      trackingUri = result.trackingUri;
    }
    const items =
      result.kind === 'traces'
        ? result.traces.map(t => ({
            traceId: t.traceId,
            experimentId: t.experimentId
          }))
        : result.kind === 'references'
          ? result.references.map(r => ({
              traceId: r.traceId,
              experimentId: r.experimentId ?? null
            }))
          : [];
    for (const item of items) {
      if (item.traceId && !traceIds.includes(item.traceId)) {
        traceIds.push(item.traceId);
      }
      if (item.experimentId) {
        experimentId = item.experimentId;
      }
    }
  }
  return traceIds.length ? { experimentId, traceIds, trackingUri } : null;
}
