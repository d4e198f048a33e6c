/**
 * Which MLflow traces a notebook cell's outputs show, to follow the
 * notebook in the sidebar. Only ids are read (`referencesOf`), never whole
 * traces, and only while the sidebar follows notebooks.
 */
import type { INotebookStore } from '../components/sidebar/model';
import { referencesOf } from '../model/references';
import { isConfiguredHost, originOf } from '../output/hosts';

/**
 * Whether executed cells are worth reading: the follow setting is on and the
 * sidebar has been opened in this session (from then on it keeps its lists
 * current, shown or not). Before that, following costs nothing.
 */
export function isFollowing(
  followNotebook: boolean,
  sidebar: { readonly isStarted: boolean }
): boolean {
  return followNotebook && sidebar.isStarted;
}

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

/** Database servers and Databricks: the Jupyter server never reads them for a kernel. */
const NOT_LOCAL =
  /^(postgres(ql)?|mysql|mssql|oracle|databricks(-uc)?|uc)(\+[a-z0-9]+)?(:|$)/i;

/**
 * The store a notebook's kernel reports, when it is not the one the server
 * reads (`serverUri`, from its status); null when it is, or when none is known.
 * The kernel reports local stores as absolute URIs (`sqlite:////dir/mlflow.db`).
 */
export function notebookStoreOffer(
  kernelUri: string | null | undefined,
  serverUri: string
): INotebookStore | null {
  const uri = kernelUri?.trim();
  if (!uri || uri === serverUri) {
    return null;
  }
  if (originOf(uri)) {
    return isConfiguredHost(uri, serverUri) ? null : { uri, kind: 'http' };
  }
  return { uri, kind: NOT_LOCAL.test(uri) ? 'unsupported' : 'local' };
}

/**
 * Whether traces that went to `reportedUri` (a kernel report, an output's
 * envelope) are in the store the sidebar shows: the kernel store it browses,
 * or else the server's store.
 */
export function isShownStore(
  reportedUri: string | null | undefined,
  serverUri: string,
  browsing: string | null
): boolean {
  if (browsing !== null) {
    return reportedUri === browsing;
  }
  return !reportedUri || isConfiguredHost(reportedUri, serverUri);
}
