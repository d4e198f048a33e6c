/**
 * The active notebook's tracking store, when it is not the server's: an offer
 * to browse it (local stores), a browser link (other tracking servers), or why
 * it cannot be read. While a kernel's store is browsed, the way back.
 */
import React from 'react';

import type { INotebookStore } from '../../sidebar/model/types';
import { useTrans, withElements } from '../i18n';

export interface IStoreSwitchProps {
  /** The kernel store being browsed; null: the server's store. */
  browsing: string | null;
  notebookStore: INotebookStore | null;
  /** Browse a kernel's local store, or the server's store again (null). */
  onBrowse: (uri: string | null) => void;
}

export function StoreSwitch(props: IStoreSwitchProps): JSX.Element | null {
  const { browsing, notebookStore: store, onBrowse } = props;
  const trans = useTrans();
  const offer = store && store.uri !== browsing ? store : null;
  if (browsing === null && offer === null) {
    return null;
  }
  return (
    <div
      className="jp-MlflowSidebar-store"
      role="region"
      aria-label={trans.__('Notebook tracking store')}
    >
      {browsing !== null && (
        <div>
          {trans.__(
            "Browsing the notebook's own store, read by the Jupyter server for you only; the server's configured tracking URI stays as it is."
          )}
          <div className="jp-MlflowSidebar-messageActions">
            <button
              type="button"
              className="jp-MlflowSidebar-button"
              onClick={() => onBrowse(null)}
            >
              {trans.__("Back to the server's store")}
            </button>
          </div>
        </div>
      )}
      {offer && <Offer store={offer} onBrowse={onBrowse} />}
    </div>
  );
}

function Offer(props: {
  store: INotebookStore;
  onBrowse: (uri: string) => void;
}): JSX.Element {
  const { store } = props;
  const trans = useTrans();
  const uri = <span className="jp-MlflowSidebar-storeUri">{store.uri}</span>;
  if (store.kind === 'local') {
    return (
      <div>
        {withElements(trans.__('This notebook logs traces to %1.', '%1'), uri)}
        <div className="jp-MlflowSidebar-messageActions">
          <button
            type="button"
            className="jp-MlflowSidebar-button jp-mod-accept"
            onClick={() => props.onBrowse(store.uri)}
          >
            {trans.__("Browse the notebook's store")}
          </button>
        </div>
      </div>
    );
  }
  if (store.kind === 'http' && /^https?:\/\//i.test(store.uri)) {
    // Only the browser goes there: the Jupyter server contacts the tracking
    // servers of its configuration, never one a kernel reports.
    return (
      <div>
        {withElements(
          trans.__(
            'This notebook logs traces to %1, which the Jupyter server does not read (it is not in its configuration). %2',
            '%1',
            '%2'
          ),
          uri,
          <a href={store.uri} target="_blank" rel="noopener noreferrer">
            {trans.__('Open it in the browser')}
          </a>
        )}
      </div>
    );
  }
  return (
    <div>
      {withElements(
        trans.__(
          "This notebook logs traces to %1. The Jupyter server does not read database servers or Databricks from a notebook's report; configure them on the server (MlflowTracesConfig.tracking_uri).",
          '%1'
        ),
        uri
      )}
    </div>
  );
}
