/** The compact list that switches between the several traces of one output. */
import React from 'react';
import type { ITrace } from '../model/types';
import { useTrans } from './i18n';
import { RevealedText } from './RevealedText';
import { StatusBadge } from './SpanDetail';
import { TimeIssueMark } from './TimeIssueMark';
import {
  capText,
  formatCount,
  formatDuration,
  revealInvisibleText
} from './state/format';

export function TraceList(props: {
  traces: ITrace[];
  current: number;
  onSelect: (i: number) => void;
}): JSX.Element {
  const trans = useTrans();
  const count = props.traces.length;
  return (
    <nav
      className="jp-MlflowTrace-traceList"
      aria-label={trans.__('Traces in this output')}
    >
      <div className="jp-MlflowTrace-note">
        {trans._n('%2 trace', '%2 traces', count, formatCount(count))}
      </div>
      <ul>
        {props.traces.map((t, k) => (
          <li key={k}>
            <button
              type="button"
              className={`jp-MlflowTrace-traceItem${k === props.current ? ' jp-mod-current' : ''}`}
              aria-current={k === props.current ? 'true' : undefined}
              title={revealInvisibleText(
                capText(trans.__('%1 (%2)', t.name, t.traceId), 500).text
              )}
              onClick={() => props.onSelect(k)}
            >
              <StatusBadge status={t.state} />
              <span className="jp-MlflowTrace-traceItemName">
                <RevealedText
                  text={
                    capText(
                      t.name || t.traceId || trans.__('(unnamed trace)'),
                      200
                    ).text
                  }
                />
              </span>
              <span className="jp-MlflowTrace-note">
                {t.timeIssue ? (
                  <TimeIssueMark issue={t.timeIssue} subject="trace" />
                ) : (
                  formatDuration(t.durationMs, t.durationPrecision)
                )}
              </span>
              <span className="jp-MlflowTrace-note">
                {trans._n(
                  '%2 span',
                  '%2 spans',
                  t.spans.length,
                  formatCount(t.spans.length)
                )}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
