/**
 * Which MLflow traces a notebook cell's outputs show, to follow the
 * notebook in the sidebar. Only ids are read (`referencesOf`), never whole
 * traces, and only while the sidebar follows notebooks (it loads with the
 * sidebar's lists, src/sidebar/lazy.ts).
 */
import { referencesOf } from '../model/references';

export interface ICellTraces {
  /** Experiment of the last trace that names one; null when none does. */
  experimentId: string | null;
  traceIds: string[];
  /** Tracking server the outputs name (MLflow's iframe, the kernel envelope), if any. */
  trackingUri: string | null;
}

/**
 * The traces shown by a cell's outputs (MIME bundles), or null when there
 * are none.
 */
export function tracesInOutputs(
  bundles: Iterable<Record<string, unknown>>
): ICellTraces | null {
  const traceIds: string[] = [];
  let experimentId: string | null = null;
  let trackingUri: string | null = null;
  for (const data of bundles) {
    const found = referencesOf(data);
    if (!found) {
      continue;
    }
    if (found.trackingUri) {
      trackingUri = found.trackingUri;
    }
    for (const item of found.references) {
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
