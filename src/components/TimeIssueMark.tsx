/**
 * Shown instead of a duration that cannot be shown (end before start, a
 * time that is not finite): a visible warning, never "0 ms".
 */
import React from 'react';
import type { TimeIssue } from '../model/types';
import { TranslationBundle, useTrans } from './i18n';

/** What is wrong, in a sentence, for tooltips and screen readers. */
function description(
  trans: TranslationBundle,
  issue: TimeIssue,
  subject: 'span' | 'trace'
): string {
  if (issue === 'end-before-start') {
    return subject === 'span'
      ? trans.__(
          'This span ends before it starts; its duration cannot be shown'
        )
      : trans.__(
          'This trace ends before it starts; its duration cannot be shown'
        );
  }
  return subject === 'span'
    ? trans.__(
        'A time of this span is not a finite time (NaN, Infinity, text or out of range); its duration cannot be shown'
      )
    : trans.__(
        'A time of this trace is not a finite time (NaN, Infinity, text or out of range); its duration cannot be shown'
      );
}

export function TimeIssueMark(props: {
  issue: TimeIssue;
  subject: 'span' | 'trace';
}): JSX.Element {
  const trans = useTrans();
  const text = description(trans, props.issue, props.subject);
  return (
    <span
      className="jp-MlflowTrace-timeIssue"
      role="note"
      aria-label={trans.__('Warning: %1', text)}
      title={text}
    >
      <span aria-hidden="true">⚠ </span>
      {props.issue === 'end-before-start'
        ? trans.__('end before start')
        : trans.__('invalid time')}
    </span>
  );
}
