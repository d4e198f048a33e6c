/** A list shown a page at a time, with "Show more" (long chats, agents' calls). */
import React from 'react';
import { useTrans } from './i18n';
import { JSON_PAGE } from './JsonTree';

export function Paged<T>(props: {
  items: readonly T[];
  render: (item: T, k: number) => JSX.Element;
  /** "Showing 100 of 250 calls", translated by the caller (it knows the noun). */
  shownText: (shown: number, total: number) => string;
  className: string;
  label?: string;
  ordered?: boolean;
}): JSX.Element {
  const trans = useTrans();
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
          <span>{props.shownText(limit, items.length)}</span>
          <button
            type="button"
            className="jp-MlflowTrace-miniButton"
            onClick={() => setLimit(l => l + JSON_PAGE)}
          >
            {trans.__('Show more')}
          </button>
        </div>
      )}
    </>
  );
}
