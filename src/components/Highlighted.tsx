/**
 * Search matches shown where they are: the span tree marks names, and the
 * detail pane marks (and opens) the fields of the selected span that hold
 * the query.
 */
import React from 'react';
import { RevealedText } from './RevealedText';
import { cappedText, splitMatches } from './state/search';

/** The search query the detail pane highlights ('' for none). */
export const SearchQueryContext = React.createContext('');

/** Text with each match of `query` in a <mark>; invisible characters as codes unless `plain`. */
export function Highlighted(props: {
  text: string;
  query: string;
  plain?: boolean;
}): JSX.Element {
  const parts = splitMatches(props.text, props.query);
  const piece = (p: string, k?: number) =>
    props.plain ? (
      <React.Fragment key={k}>{p}</React.Fragment>
    ) : (
      <RevealedText key={k} text={p} />
    );
  if (parts.length === 1) {
    return piece(props.text);
  }
  return (
    <>
      {parts.map((p, k) =>
        k % 2 === 1 ? (
          <mark key={k} className="jp-MlflowTrace-mark">
            {piece(p)}
          </mark>
        ) : (
          piece(p, k)
        )
      )}
    </>
  );
}

/** Characters of a value searched for a match (the span search's own cap). */
const CONTAINS_CAP = 100_000;

/** Whether `value` (keys and leaves) holds `query`, case-insensitively. */
export function valueContains(value: unknown, query: string): boolean {
  const q = query.trim().toLowerCase();
  return (
    q.length > 0 && cappedText(value, CONTAINS_CAP).toLowerCase().includes(q)
  );
}

/** `valueContains` against the current search query, memoized. */
export function useHoldsQuery(value: unknown): boolean {
  const query = React.useContext(SearchQueryContext);
  return React.useMemo(() => valueContains(value, query), [value, query]);
}
