/**
 * The header's "Feedback" button and its panel: thumbs up / down with a
 * comment, an expectation, and the trace's assessments. Shown only when the
 * glue gave the viewer a logger (traces of the configured tracking server);
 * disabled, with the reason, while the server's copy of an embedded trace is
 * not known to exist.
 */
import React from 'react';

import type { ITrace } from '../../model/types';
import { ViewerContext } from '../hooks';
import type { TranslationBundle } from '../i18n';
import { useTrans } from '../i18n';
import { hasModifier, keepKey } from '../keys';
import type { ServerCopyState } from '../serverCopy';
import { capText } from '../state/format';
import { AssessmentList } from './AssessmentList';
import { ExpectationForm, FeedbackForm } from './forms';

/** Why nothing can be logged on this trace now, or null when it can. */
export function unavailableReason(
  serverCopy: ServerCopyState | undefined,
  trans: TranslationBundle
): string | null {
  switch (serverCopy?.kind) {
    case 'checking':
      return trans.__(
        'Checking whether %1 stored this trace; feedback can be logged once it has.',
        serverCopy.host
      );
    case 'not-stored':
      return trans.__(
        'Feedback needs the trace on the tracking server: %1 has no trace with this id.',
        serverCopy.host
      );
    case 'unknown':
      return trans.__(
        'Could not check whether the tracking server stored this trace: %1',
        capText(serverCopy.message, 500).text
      );
    case 'not-asked':
      return trans.__(
        'Feedback goes only to the configured tracking server: %1',
        capText(serverCopy.reason, 500).text
      );
    default:
      return null;
  }
}

export function AssessmentsControl(props: {
  trace: ITrace;
  serverCopy?: ServerCopyState;
}): JSX.Element | null {
  const log = React.useContext(ViewerContext).logAssessment;
  const trans = useTrans();
  const [open, setOpen] = React.useState(false);
  const buttonRef = React.useRef<HTMLButtonElement>(null);
  const panelRef = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    // Opened: the keyboard goes to the comment (or Close, when disabled).
    const panel = panelRef.current;
    if (open && panel) {
      const first =
        panel.querySelector<HTMLElement>('textarea:not(:disabled)') ??
        panel.querySelector<HTMLElement>('button');
      first?.focus();
    }
  }, [open]);
  if (!log) {
    return null;
  }
  const { trace } = props;
  const count = trace.assessments.length;
  const unavailable = unavailableReason(props.serverCopy, trans);
  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="jp-MlflowTrace-miniButton"
        aria-expanded={open}
        aria-haspopup="dialog"
        title={trans.__(
          'Log feedback or an expectation on this trace in MLflow'
        )}
        onClick={() => setOpen(o => !o)}
      >
        {count > 0
          ? trans._n('Feedback (%1)', 'Feedback (%1)', count, count)
          : trans.__('Feedback')}
      </button>
      {open && (
        <div
          ref={panelRef}
          className="jp-MlflowTrace-assessPanel"
          role="dialog"
          aria-label={trans.__('Feedback on this trace')}
          onKeyDown={e => {
            if (e.key === 'Escape' && !hasModifier(e)) {
              keepKey(e);
              close();
            }
          }}
        >
          <button
            type="button"
            className="jp-MlflowTrace-miniButton jp-MlflowTrace-assessClose"
            aria-label={trans.__('Close the feedback panel')}
            onClick={close}
          >
            {trans.__('Close')}
          </button>
          {unavailable && (
            <p className="jp-MlflowTrace-note" role="note">
              {unavailable}
            </p>
          )}
          <div className="jp-MlflowTrace-assessForms">
            <FeedbackForm
              traceId={trace.traceId}
              log={log}
              disabled={!!unavailable}
            />
            <ExpectationForm
              traceId={trace.traceId}
              log={log}
              disabled={!!unavailable}
            />
          </div>
          <h4>{trans.__('On this trace')}</h4>
          <AssessmentList assessments={trace.assessments} />
        </div>
      )}
    </>
  );
}
