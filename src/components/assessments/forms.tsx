/**
 * The two forms of the Feedback panel: thumbs up / down with an optional
 * comment, and an expectation (name and value). Each shows its own busy,
 * success and error state in place.
 */
import React from 'react';

import { useTrans } from '../i18n';
import { capText } from '../state/format';
import type { AssessmentRequest, LogAssessmentFn } from './context';

/** The name thumbs are logged under (MLflow's UI and docs use free names). */
export const FEEDBACK_NAME = 'user_feedback';
/** The server's limits (contract: AssessmentRequest). */
export const MAX_NAME = 200;
export const MAX_TEXT = 10000;

type SubmitState =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'done'; trackingUri: string }
  | { kind: 'error'; message: string };

/** Log one request at a time; the outcome stays until the next one. */
function useSubmit(
  traceId: string,
  log: LogAssessmentFn
): [SubmitState, (request: AssessmentRequest) => Promise<boolean>] {
  const [state, setState] = React.useState<SubmitState>({ kind: 'idle' });
  const mounted = React.useRef(true);
  React.useEffect(
    () => () => {
      mounted.current = false;
    },
    []
  );
  const submit = React.useCallback(
    async (request: AssessmentRequest) => {
      setState({ kind: 'busy' });
      try {
        const { trackingUri } = await log(traceId, request);
        if (mounted.current) {
          setState({ kind: 'done', trackingUri });
        }
        return true;
      } catch (error) {
        if (mounted.current) {
          setState({ kind: 'error', message: (error as Error).message });
        }
        return false;
      }
    },
    [traceId, log]
  );
  return [state, submit];
}

function SubmitStatus(props: {
  state: SubmitState;
  /** The success and failure sentences, whole (translators reorder words). */
  done: (trackingUri: string) => string;
  failed: (message: string) => string;
}): JSX.Element | null {
  const { state } = props;
  const trans = useTrans();
  if (state.kind === 'busy') {
    return (
      <div className="jp-MlflowTrace-assessStatus" role="status">
        {trans.__('Logging…')}
      </div>
    );
  }
  if (state.kind === 'done') {
    return (
      <div className="jp-MlflowTrace-assessStatus jp-mod-done" role="status">
        {props.done(state.trackingUri)}
      </div>
    );
  }
  if (state.kind === 'error') {
    return (
      <div
        className="jp-MlflowTrace-assessStatus jp-MlflowTrace-errorText"
        role="alert"
      >
        {props.failed(capText(state.message, 1000).text)}
      </div>
    );
  }
  return null;
}

export interface IFormProps {
  traceId: string;
  log: LogAssessmentFn;
  /** Set when nothing can be logged: the controls are disabled. */
  disabled: boolean;
}

/** Thumbs up or down, with the comment typed so far as its rationale. */
export function FeedbackForm(props: IFormProps): JSX.Element {
  const trans = useTrans();
  const [comment, setComment] = React.useState('');
  const [state, submit] = useSubmit(props.traceId, props.log);
  const busy = state.kind === 'busy';
  const send = async (value: boolean) => {
    const rationale = comment.trim();
    const ok = await submit({
      kind: 'feedback',
      name: FEEDBACK_NAME,
      value,
      ...(rationale ? { rationale } : {})
    });
    if (ok) {
      setComment('');
    }
  };
  const id = React.useId();
  return (
    <section
      className="jp-MlflowTrace-assessForm"
      aria-label={trans.__('Feedback')}
    >
      <h4>{trans.__('Feedback')}</h4>
      <label htmlFor={id}>{trans.__('Comment (optional)')}</label>
      <textarea
        id={id}
        className="jp-MlflowTrace-assessInput"
        rows={2}
        maxLength={MAX_TEXT}
        value={comment}
        disabled={props.disabled || busy}
        onChange={e => setComment(e.target.value)}
      />
      <div className="jp-MlflowTrace-assessButtons">
        <button
          type="button"
          className="jp-MlflowTrace-button"
          disabled={props.disabled || busy}
          title={trans.__('Log "%1" = true on this trace', FEEDBACK_NAME)}
          onClick={() => void send(true)}
        >
          <span aria-hidden="true">👍 </span>
          {trans.__('Good')}
        </button>
        <button
          type="button"
          className="jp-MlflowTrace-button"
          disabled={props.disabled || busy}
          title={trans.__('Log "%1" = false on this trace', FEEDBACK_NAME)}
          onClick={() => void send(false)}
        >
          <span aria-hidden="true">👎 </span>
          {trans.__('Bad')}
        </button>
      </div>
      <SubmitStatus
        state={state}
        done={uri => trans.__('Feedback logged to %1.', uri)}
        failed={message => trans.__('Feedback not logged: %1', message)}
      />
    </section>
  );
}

/** An expected value under a name of the user's choice. */
export function ExpectationForm(props: IFormProps): JSX.Element {
  const trans = useTrans();
  const [name, setName] = React.useState('');
  const [value, setValue] = React.useState('');
  const [state, submit] = useSubmit(props.traceId, props.log);
  const busy = state.kind === 'busy';
  const ready = !!name.trim() && !!value.trim();
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!ready || busy || props.disabled) {
      return;
    }
    if (await submit({ kind: 'expectation', name: name.trim(), value })) {
      setName('');
      setValue('');
    }
  };
  const nameId = React.useId();
  const valueId = React.useId();
  return (
    <form
      className="jp-MlflowTrace-assessForm"
      aria-label={trans.__('Add expectation')}
      onSubmit={e => void onSubmit(e)}
    >
      <h4>{trans.__('Expectation')}</h4>
      <div className="jp-MlflowTrace-assessFields">
        <label htmlFor={nameId}>{trans.__('Name')}</label>
        <input
          id={nameId}
          className="jp-MlflowTrace-assessInput"
          placeholder={trans.__('e.g. expected_response')}
          maxLength={MAX_NAME}
          value={name}
          disabled={props.disabled || busy}
          onChange={e => setName(e.target.value)}
        />
        <label htmlFor={valueId}>{trans.__('Expected value')}</label>
        <input
          id={valueId}
          className="jp-MlflowTrace-assessInput"
          maxLength={MAX_TEXT}
          value={value}
          disabled={props.disabled || busy}
          onChange={e => setValue(e.target.value)}
        />
      </div>
      <div className="jp-MlflowTrace-assessButtons">
        <button
          type="submit"
          className="jp-MlflowTrace-button"
          disabled={props.disabled || busy || !ready}
        >
          {trans.__('Add expectation')}
        </button>
      </div>
      <SubmitStatus
        state={state}
        done={uri => trans.__('Expectation logged to %1.', uri)}
        failed={message => trans.__('Expectation not logged: %1', message)}
      />
    </form>
  );
}
