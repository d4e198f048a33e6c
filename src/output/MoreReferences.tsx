import React from 'react';

import { keepActivationKeys } from '../components/keys';
import { useTrans } from '../components/i18n';
import { capText, formatCount } from '../components/state/format';
import { AUTO_FETCH_LIMIT } from './fetchTraces';
import type { MoreState } from './useReferenceFetch';

/** "Showing 10 of 2,000 referenced traces. [Fetch 10 more]" */
export function MoreReferences(props: {
  shown: number;
  total: number;
  state: MoreState;
  onFetch: () => void;
}): JSX.Element {
  const { shown, total, state } = props;
  const trans = useTrans();
  const next = Math.min(AUTO_FETCH_LIMIT, total - shown);
  return (
    <div
      className="jp-MlflowTrace-cardState jp-MlflowTrace-more"
      onKeyDown={keepActivationKeys}
    >
      <span className="jp-MlflowTrace-note">
        {trans._n(
          'Showing %2 of %3 referenced trace.',
          'Showing %2 of %3 referenced traces.',
          total,
          formatCount(shown),
          formatCount(total)
        )}
      </span>
      {state.kind === 'error' && (
        <span className="jp-MlflowTrace-errorText" role="alert">
          {capText(state.message, 2000).text}
        </span>
      )}
      {state.kind === 'loading' ? (
        <span role="status">{trans.__('Fetching…')}</span>
      ) : (
        <button
          type="button"
          className="jp-MlflowTrace-button"
          onClick={props.onFetch}
        >
          {trans._n('Fetch %2 more', 'Fetch %2 more', next, formatCount(next))}
        </button>
      )}
    </div>
  );
}
