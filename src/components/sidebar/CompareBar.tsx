/**
 * The traces marked to compare, under the trace list: their names, and
 * Compare once two are marked.
 */
import React from 'react';

import type { ITraceSummary } from '../../model/types';
import { comparePair, type TraceMarks } from '../../sidebar/model/marks';
import { useTrans, withElements } from '../i18n';
import { RevealedText } from '../RevealedText';
import { formatExactTime, formatRelativeTime, traceLabel } from './state';

export function CompareBar(props: {
  marked: TraceMarks;
  now: number;
  onCompare: (a: ITraceSummary, b: ITraceSummary) => void;
  onClear: () => void;
}): JSX.Element | null {
  const trans = useTrans();
  if (props.marked.length === 0) {
    return null;
  }
  const pair = comparePair(props.marked);
  const name = (trace: ITraceSummary) => (
    <span
      className="jp-MlflowSidebar-compareName"
      title={[trace.traceId, formatExactTime(trans, trace.startMs)].join('\n')}
    >
      <RevealedText text={traceLabel(trans, trace).title} />{' '}
      <span className="jp-MlflowSidebar-compareTime">
        {formatRelativeTime(trans, trace.startMs, props.now)}
      </span>
    </span>
  );
  return (
    <div
      className="jp-MlflowSidebar-compareBar"
      role="region"
      aria-label={trans.__('Traces to compare')}
    >
      <div className="jp-MlflowSidebar-compareText" role="status">
        {pair
          ? withElements(
              trans.__('Compare %1 (A) with %2 (B)', '%1', '%2'),
              name(pair[0]),
              name(pair[1])
            )
          : withElements(
              trans.__('Marked %1: mark one more trace to compare.', '%1'),
              name(props.marked[0])
            )}
      </div>
      <div className="jp-MlflowSidebar-compareActions">
        <button
          type="button"
          className="jp-MlflowSidebar-button jp-mod-accept"
          disabled={!pair}
          title={
            pair
              ? trans.__('Open the two marked traces side by side in a tab')
              : trans.__('Mark two traces to compare them')
          }
          onClick={() => pair && props.onCompare(pair[0], pair[1])}
        >
          {trans.__('Compare')}
        </button>
        <button
          type="button"
          className="jp-MlflowSidebar-button"
          onClick={props.onClear}
        >
          {trans.__('Clear marks')}
        </button>
      </div>
    </div>
  );
}
