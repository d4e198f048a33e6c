/**
 * A text diff: removed runs in `<del>`, added in `<ins>`, as React text
 * only (trace content is never HTML here).
 */
import React, { useMemo } from 'react';
import { diffText, diffableText } from '../../model/compare';
import { useCompareStrings } from './strings';

export interface ITextDiffViewProps {
  title: string;
  a: unknown;
  b: unknown;
}

export function TextDiffView(props: ITextDiffViewProps): JSX.Element {
  const S = useCompareStrings();
  const textA = diffableText(props.a);
  const textB = diffableText(props.b);
  const ops = useMemo(() => diffText(textA, textB), [textA, textB]);
  const same = textA === textB;
  return (
    <section className="jp-MlflowCompare-diff" aria-label={props.title}>
      <h4>
        {props.title}
        {same && (
          <span className="jp-MlflowCompare-muted"> · {S.unchanged}</span>
        )}
      </h4>
      {textA === '' && textB === '' ? (
        <div className="jp-MlflowCompare-muted">{S.noValue}</div>
      ) : (
        <pre className="jp-MlflowCompare-diffText">
          {ops.map((op, i) =>
            op.kind === 'same' ? (
              <span key={i}>{op.text}</span>
            ) : op.kind === 'removed' ? (
              <del key={i} className="jp-MlflowCompare-del">
                {op.text}
              </del>
            ) : (
              <ins key={i} className="jp-MlflowCompare-ins">
                {op.text}
              </ins>
            )
          )}
        </pre>
      )}
    </section>
  );
}

/** One side's value alone (an added or removed span). */
export function TextValueView(props: {
  title: string;
  value: unknown;
}): JSX.Element {
  const S = useCompareStrings();
  const text = diffableText(props.value);
  return (
    <section className="jp-MlflowCompare-diff" aria-label={props.title}>
      <h4>{props.title}</h4>
      {text === '' ? (
        <div className="jp-MlflowCompare-muted">{S.noValue}</div>
      ) : (
        <pre className="jp-MlflowCompare-diffText">{text}</pre>
      )}
    </section>
  );
}
