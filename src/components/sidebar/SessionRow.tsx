/**
 * Rows of the trace list grouped by conversation: a session row (its id,
 * user, number of turns, time of the last turn) in the two lines and the
 * columns of a trace row.
 */
import React from 'react';

import type { ISession, SessionGroupRow } from '../../model/sessions';
import type { ITraceSummary } from '../../model/types';
import { useTrans, withElements } from '../i18n';
import { RevealedText } from '../RevealedText';
import { formatCount, revealInvisibleText } from '../state/format';
import { formatExactTime, formatRelativeTime } from './state';

/** The list's rows when traces are not grouped: each trace its own row. */
export function ungroupedRows(
  traces: readonly ITraceSummary[]
): SessionGroupRow[] {
  return traces.map(trace => ({ kind: 'trace', trace }));
}

/** A stable key for a row of either kind (session ids and trace ids may meet). */
export function groupRowKey(row: SessionGroupRow): string {
  return row.kind === 'session'
    ? `session:${row.session.id}`
    : `trace:${row.trace.traceId}`;
}

export function SessionRow(props: {
  session: ISession;
  now: number;
}): JSX.Element {
  const { session } = props;
  const trans = useTrans();
  const turns = session.turns.length;
  const turnsText = trans._n('%2 turn', '%2 turns', turns, formatCount(turns));
  return (
    <>
      <span className="jp-MlflowSidebar-traceLine">
        <span
          className="jp-MlflowSidebar-traceName"
          title={trans.__('Session %1', revealInvisibleText(session.id))}
        >
          <span className="jp-MlflowSidebar-sessionMark">
            {trans.__('Session')}
          </span>{' '}
          <RevealedText text={session.id} />
        </span>
        <span className="jp-MlflowSidebar-sessionTurns">{turnsText}</span>
      </span>
      <span className="jp-MlflowSidebar-traceFacts">
        <span className="jp-MlflowSidebar-tracePreview">
          {session.user !== undefined &&
            withElements(
              trans.__('User: %1', '%1'),
              <RevealedText text={session.user} />
            )}
        </span>
        <span
          className="jp-MlflowSidebar-muted jp-MlflowSidebar-traceStart"
          title={trans.__(
            'Last turn: %1',
            formatExactTime(trans, session.lastMs)
          )}
        >
          {formatRelativeTime(trans, session.lastMs, props.now)}
        </span>
        <span className="jp-MlflowSidebar-num jp-MlflowSidebar-traceDuration" />
        <span className="jp-MlflowSidebar-num jp-MlflowSidebar-tokensColumn" />
      </span>
    </>
  );
}
