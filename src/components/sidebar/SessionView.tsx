/**
 * One conversation in a main-area tab: its turns oldest first, each with the
 * request and the answer MLflow's trace summaries preview (plain text, the
 * trace's own words never markup), each expandable to its full trace. The
 * full trace is the glue's to render (`renderTrace`): the sidebar's trace tab.
 */
import React from 'react';

import type { ISession } from '../../model/sessions';
import type { ITraceSummary } from '../../model/types';
import { useTrans, withElements } from '../i18n';
import { RevealedText } from '../RevealedText';
import { formatCount } from '../state/format';
import { formatExactTime, formatRelativeTime } from './state';
import { useNow } from './controls';

export interface ISessionViewProps {
  session: ISession;
  /** The full trace of a turn, shown while the turn is expanded. */
  renderTrace: (turn: ITraceSummary) => React.ReactNode;
}

export function SessionView(props: ISessionViewProps): JSX.Element {
  const { session } = props;
  const trans = useTrans();
  const now = useNow();
  const [expanded, setExpanded] = React.useState<ReadonlySet<string>>(
    () => new Set()
  );
  // A trace once shown stays rendered (hidden when collapsed): no second fetch.
  const [shown, setShown] = React.useState<ReadonlySet<string>>(
    () => new Set()
  );
  const toggle = (traceId: string) => {
    setShown(old => (old.has(traceId) ? old : new Set(old).add(traceId)));
    setExpanded(old => {
      const next = new Set(old);
      if (!next.delete(traceId)) {
        next.add(traceId);
      }
      return next;
    });
  };
  const count = session.turns.length;
  return (
    <article
      className="jp-MlflowSession"
      aria-label={trans.__('Session %1', session.id)}
    >
      <header className="jp-MlflowSession-header">
        <h2 className="jp-MlflowSession-title">
          {withElements(
            trans.__('Session %1', '%1'),
            <RevealedText text={session.id} />
          )}
        </h2>
        <p className="jp-MlflowSession-facts">
          {session.user !== undefined && (
            <span>
              {withElements(
                trans.__('User: %1', '%1'),
                <RevealedText text={session.user} />
              )}
            </span>
          )}
          <span>
            {trans._n('%2 turn', '%2 turns', count, formatCount(count))}
          </span>
          <span title={formatExactTime(trans, session.lastMs)}>
            {trans.__(
              'Last turn %1',
              formatRelativeTime(trans, session.lastMs, now)
            )}
          </span>
        </p>
      </header>
      <ol className="jp-MlflowSession-turns">
        {session.turns.map((turn, i) => (
          <Turn
            key={turn.traceId}
            turn={turn}
            number={i + 1}
            now={now}
            expanded={expanded.has(turn.traceId)}
            shown={shown.has(turn.traceId)}
            onToggle={() => toggle(turn.traceId)}
            renderTrace={props.renderTrace}
          />
        ))}
      </ol>
    </article>
  );
}

function Turn(props: {
  turn: ITraceSummary;
  number: number;
  now: number;
  expanded: boolean;
  /** Expanded at least once: its trace stays rendered. */
  shown: boolean;
  onToggle: () => void;
  renderTrace: ISessionViewProps['renderTrace'];
}): JSX.Element {
  const { turn } = props;
  const trans = useTrans();
  const traceRegion = `jp-MlflowSession-trace-${props.number}`;
  return (
    <li
      className={`jp-MlflowSession-turn jp-mod-${turn.state.toLowerCase()}`}
      aria-label={trans.__('Turn %1', props.number)}
    >
      <div className="jp-MlflowSession-turnHeader">
        <span className="jp-MlflowSession-turnNumber">
          {trans.__('Turn %1', props.number)}
        </span>
        <span
          className="jp-MlflowSession-turnTime"
          title={formatExactTime(trans, turn.startMs)}
        >
          {formatRelativeTime(trans, turn.startMs, props.now)}
        </span>
        {turn.state === 'ERROR' && (
          <span className="jp-MlflowSession-turnError">
            {trans.__('Error')}
          </span>
        )}
      </div>
      <Message
        role={trans.__('Request')}
        text={turn.requestPreview}
        missing={trans.__('No request recorded')}
        className="jp-mod-request"
      />
      <Message
        role={trans.__('Response')}
        text={turn.responsePreview}
        missing={trans.__('No response recorded')}
        className="jp-mod-response"
      />
      <button
        type="button"
        className="jp-MlflowSidebar-button jp-MlflowSession-traceToggle"
        aria-expanded={props.expanded}
        aria-controls={props.shown ? traceRegion : undefined}
        title={trans.__('Trace %1', turn.traceId)}
        onClick={props.onToggle}
      >
        {props.expanded ? trans.__('Hide trace') : trans.__('Show trace')}
      </button>
      {props.shown && (
        <div
          id={traceRegion}
          className="jp-MlflowSession-trace"
          hidden={!props.expanded}
          role="region"
          aria-label={trans.__('Trace %1', turn.traceId)}
        >
          {props.renderTrace(turn)}
        </div>
      )}
    </li>
  );
}

/** One side of a turn, as plain text. */
function Message(props: {
  role: string;
  text: string | undefined;
  missing: string;
  className: string;
}): JSX.Element {
  const present = props.text !== undefined && props.text !== '';
  return (
    <div className={`jp-MlflowSession-message ${props.className}`}>
      <span className="jp-MlflowSession-role">{props.role}</span>
      <div
        className={
          present
            ? 'jp-MlflowSession-text'
            : 'jp-MlflowSession-text jp-mod-missing'
        }
      >
        {present ? <RevealedText text={props.text!} /> : props.missing}
      </div>
    </div>
  );
}
