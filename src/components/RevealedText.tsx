/**
 * Untrusted text (names, ids, keys) with its invisible characters shown as
 * codes in a distinct style instead of being applied (see `revealInvisible`).
 */
import React from 'react';
import { useTrans } from './i18n';
import { IRevealedPart, revealInvisible } from './state/format';

export function RevealedText(props: { text: string }): JSX.Element {
  const parts = revealInvisible(props.text);
  if (parts.length === 1 && !parts[0].invisible) {
    return <>{props.text}</>;
  }
  return <WithCodes parts={parts} />;
}

/** Only text with invisible characters pays for the translated title. */
function WithCodes(props: { parts: IRevealedPart[] }): JSX.Element {
  const trans = useTrans();
  const { parts } = props;
  return (
    <>
      {parts.map((p, k) =>
        p.invisible ? (
          <span
            key={k}
            className="jp-MlflowTrace-invisible"
            title={trans.__(
              'An invisible or control character, shown as its code'
            )}
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
