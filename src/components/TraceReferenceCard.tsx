/**
 * Card for traces known only by id (Databricks payloads, MLflow's iframe
 * when the traces are not embedded): lists the ids and the fetch state.
 */
import React from 'react';
import type { ITraceReference } from '../model/types';
import { ErrorIcon } from './icons';
import { capText, formatCount, plural } from './state/format';

export interface ITraceReferenceState {
  kind: 'loading' | 'error' | 'confirm-host';
  message?: string;
  /** Host (with port) the traces would be fetched from; shown as text. */
  host?: string;
}

export interface ITraceReferenceCardProps {
  references: ITraceReference[];
  state: ITraceReferenceState;
  /** The user agreed to fetch from `state.host`. */
  onConfirm?: () => void;
  onRetry?: () => void;
}

/** Ids listed before "and N more". */
const MAX_IDS = 20;

export function TraceReferenceCard(
  props: ITraceReferenceCardProps
): JSX.Element {
  const { references, state } = props;
  const host = state.host ? capText(state.host, 200).text : '';
  const shown = references.slice(0, MAX_IDS);
  return (
    <div
      data-lm-suppress-shortcuts=""
      className={`jp-MlflowTrace-card jp-MlflowTrace-referenceCard${state.kind === 'error' ? ' jp-MlflowTrace-errorCard' : ''}`}
    >
      <div className="jp-MlflowTrace-cardTitle">
        <strong>
          MLflow {references.length === 1 ? 'trace' : 'traces'} (
          {plural(references.length, 'reference')})
        </strong>
      </div>
      <ul className="jp-MlflowTrace-refList">
        {shown.map((r, k) => (
          <li key={k}>
            <code title="Trace id">{capText(r.traceId, 300).text}</code>
            {r.experimentId && (
              <span className="jp-MlflowTrace-note">
                experiment <code>{capText(r.experimentId, 100).text}</code>
              </span>
            )}
            {r.sqlWarehouseId && (
              <span className="jp-MlflowTrace-note">
                SQL warehouse <code>{capText(r.sqlWarehouseId, 100).text}</code>
              </span>
            )}
          </li>
        ))}
        {references.length > shown.length && (
          <li className="jp-MlflowTrace-note">
            and {formatCount(references.length - shown.length)} more
          </li>
        )}
      </ul>
      {state.kind === 'loading' && (
        <div className="jp-MlflowTrace-cardState" role="status">
          <span className="jp-MlflowTrace-spinner" aria-hidden="true" />
          <span>
            {state.message ??
              (host ? `Loading from ${host}…` : 'Loading trace…')}
          </span>
        </div>
      )}
      {state.kind === 'error' && (
        <div className="jp-MlflowTrace-cardState" role="alert">
          <ErrorIcon />
          <span className="jp-MlflowTrace-cardMessage">
            {
              capText(state.message ?? 'The trace could not be fetched.', 5000)
                .text
            }
          </span>
          {props.onRetry && (
            <button
              type="button"
              className="jp-MlflowTrace-button"
              aria-label="Retry fetching the trace"
              title="Retry"
              onClick={props.onRetry}
            >
              Retry
            </button>
          )}
        </div>
      )}
      {state.kind === 'confirm-host' && (
        <div className="jp-MlflowTrace-cardState">
          <span className="jp-MlflowTrace-cardMessage">
            {state.message ??
              (host
                ? `${host} is not a configured tracking server. Fetch the trace from it?`
                : 'The trace server is not a configured tracking server.')}
          </span>
          {props.onConfirm && (
            <button
              type="button"
              className="jp-MlflowTrace-button"
              title={host ? `Fetch the trace from ${host}` : 'Fetch the trace'}
              onClick={props.onConfirm}
            >
              {host ? `Fetch from ${host}` : 'Fetch trace'}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

export default TraceReferenceCard;
