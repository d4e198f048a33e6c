/**
 * Shown instead of a duration that cannot be shown (end before start, a
 * time that is not finite): a visible warning, never "0 ms".
 */
import React from 'react';
import type { TimeIssue } from '../model/types';
import { timeIssueDescription, timeIssueLabel } from './state/format';

export function TimeIssueMark(props: {
  issue: TimeIssue;
  subject: 'span' | 'trace';
}): JSX.Element {
  const description = timeIssueDescription(props.issue, props.subject);
  return (
    <span
      className="jp-MlflowTrace-timeIssue"
      role="note"
      aria-label={`Warning: ${description}`}
      title={description}
    >
      <span aria-hidden="true">⚠ </span>
      {timeIssueLabel(props.issue)}
    </span>
  );
}
