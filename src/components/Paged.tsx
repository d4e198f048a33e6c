/** A list shown a page at a time, with "Show more" (long chats, agents' calls). */
import React from 'react';
import { JSON_PAGE } from './JsonTree';
import { formatCount } from './state/format';

export function Paged<T>(props: {
  items: readonly T[];
  render: (item: T, k: number) => JSX.Element;
  /** Plural noun for "Showing 100 of 250 calls". */
  noun: string;
  className: string;
  label?: string;
  ordered?: boolean;
}): JSX.Element {
  const [limit, setLimit] = React.useState(JSON_PAGE);
  const List = props.ordered ? 'ol' : 'ul';
  const { items } = props;
  return (
    <>
      <List className={props.className} aria-label={props.label}>
        {items.slice(0, limit).map(props.render)}
      </List>
      {items.length > limit && (
        <div className="jp-MlflowTrace-more">
          <span>
            Showing {formatCount(limit)} of {formatCount(items.length)}{' '}
            {props.noun}
          </span>
          <button
            type="button"
            className="jp-MlflowTrace-miniButton"
            onClick={() => setLimit(l => l + JSON_PAGE)}
          >
            Show more
          </button>
        </div>
      )}
    </>
  );
}
