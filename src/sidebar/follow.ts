/**
 * Following the active notebook in the sidebar: whether to, and which store
 * the notebook's traces are in. Light, for start-up; the ids in a cell's
 * outputs are read by cellTraces.ts, which loads with the sidebar.
 */
import { isConfiguredHost, originOf } from '../output/hosts';
import type { INotebookStore } from './model/types';

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
