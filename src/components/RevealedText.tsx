/**
 * Untrusted text (names, ids, keys) with its invisible characters shown as
 * codes in a distinct style instead of being applied (see `revealInvisible`).
 */
import React from 'react';
import { revealInvisible } from './state/format';

export function RevealedText(props: { text: string }): JSX.Element {
  const parts = revealInvisible(props.text);
  if (parts.length === 1 && !parts[0].invisible) {
    return <>{props.text}</>;
  }
  return (
    <>
      {parts.map((p, k) =>
        p.invisible ? (
          <span
            key={k}
            className="jp-MlflowTrace-invisible"
            title="An invisible or control character, shown as its code"
          >
            {p.text}
          </span>
        ) : (
          <React.Fragment key={k}>{p.text}</React.Fragment>
        )
      )}
    </>
  );
}
