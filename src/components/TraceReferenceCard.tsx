/**
 * Card for traces known only by id (Databricks payloads, MLflow's iframe
 * when the traces are not embedded): lists the ids and the fetch state.
 */
import React from 'react';
import type { ITraceReference } from '../model/types';
import { TranslationBundle, useTrans, withElements } from './i18n';
import { ErrorIcon, ExternalIcon } from './icons';
import { keepActivationKeys } from './keys';
import { capText, formatCount, mlflowTraceUrl } from './state/format';

export type ITraceReferenceState =
  | {
      kind: 'loading';
      message?: string;
      /** Host (with port) the traces are fetched from; shown as text. */
      host?: string;
    }
  | {
      kind: 'error';
      message?: string;
      /** `ApiError.kind`: picks the title and whether Retry can help. */
      errorKind?: string;
    }
  | {
      /** Automatic fetching is off: the configured server is asked on a click. */
      kind: 'waiting';
      host: string;
    }
  | {
      /**
       * The output names a tracking server that is not the configured one. The
       * Jupyter server never contacts it unless the server configuration
       * allows it (`fetchOrigin`); the browser may open its UI as a link.
       */
      kind: 'other-host';
      /** The output's base URL (for the links) as written in the output. */
      trackingUri: string;
      /** Shown as text. */
      host: string;
      /** The allow-listed origin a click fetches from, or null: no fetch offered. */
      fetchOrigin: string | null;
    };

export interface ITraceReferenceCardProps {
  references: ITraceReference[];
  state: ITraceReferenceState;
  /** Fetch now: from the configured server (`waiting`) or the allowed origin (`other-host`). */
  onFetch?: () => void;
  onRetry?: () => void;
}

/** Ids listed before "and N more". */
const MAX_IDS = 20;

/** Error kinds a second try cannot fix. */
const FINAL_ERRORS = new Set([
  'missing-server-extension',
  'bad-request',
  'host-not-allowed'
]);

function errorTitle(
  trans: TranslationBundle,
  kind: string | undefined
): string | null {
  switch (kind) {
    case 'missing-server-extension':
      return trans.__('Server extension missing');
    case 'bad-request':
      return trans.__('Not a valid trace id');
    case 'host-not-allowed':
      return trans.__('Tracking server not allowed');
    default:
      return null;
  }
}

function OpenInMlflowLink(props: {
  trackingUri: string;
  reference: ITraceReference;
  host: string;
}): JSX.Element | null {
  const trans = useTrans();
  const href = mlflowTraceUrl(
    props.trackingUri,
    props.reference.experimentId,
    props.reference.traceId
  );
  if (!href) {
    return null;
  }
  return (
    <a
      className="jp-MlflowTrace-link"
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      title={trans.__(
        'Open this trace in the MLflow UI at %1 (new browser tab)',
        props.host
      )}
    >
      <ExternalIcon />
      <span>{trans.__('Open in MLflow UI')}</span>
    </a>
  );
}

export function TraceReferenceCard(
  props: ITraceReferenceCardProps
): JSX.Element {
  const { references, state } = props;
  const trans = useTrans();
  const count = references.length;
  const host =
    state.kind !== 'error' && state.host ? capText(state.host, 200).text : '';
  const shown = references.slice(0, MAX_IDS);
  const title =
    state.kind === 'error' ? errorTitle(trans, state.errorKind) : null;
  return (
    <div
      onKeyDown={keepActivationKeys}
      className={`jp-MlflowTrace-card jp-MlflowTrace-referenceCard${state.kind === 'error' ? ' jp-MlflowTrace-errorCard' : ''}`}
    >
      <div className="jp-MlflowTrace-cardTitle">
        <strong>
          {trans._n(
            'MLflow trace (%2 reference)',
            'MLflow traces (%2 references)',
            count,
            formatCount(count)
          )}
        </strong>
      </div>
      <ul className="jp-MlflowTrace-refList">
        {shown.map((r, k) => (
          <li key={k}>
            <code title={trans.__('Trace id')}>
              {capText(r.traceId, 300).text}
            </code>
            {r.experimentId && (
              <span className="jp-MlflowTrace-note">
                {withElements(
                  trans.__('experiment %1', '%1'),
                  <code>{capText(r.experimentId, 100).text}</code>
                )}
              </span>
            )}
            {r.sqlWarehouseId && (
              <span className="jp-MlflowTrace-note">
                {withElements(
                  trans.__('SQL warehouse %1', '%1'),
                  <code>{capText(r.sqlWarehouseId, 100).text}</code>
                )}
              </span>
            )}
            {state.kind === 'other-host' && (
              <OpenInMlflowLink
                trackingUri={state.trackingUri}
                reference={r}
                host={host}
              />
            )}
          </li>
        ))}
        {references.length > shown.length && (
          <li className="jp-MlflowTrace-note">
            {trans.__(
              'and %1 more',
              formatCount(references.length - shown.length)
            )}
          </li>
        )}
      </ul>
      {state.kind === 'loading' && (
        <div className="jp-MlflowTrace-cardState" role="status">
          <span className="jp-MlflowTrace-spinner" aria-hidden="true" />
          <span>
            {state.message ??
              (host
                ? trans.__('Loading from %1…', host)
                : trans.__('Loading trace…'))}
          </span>
        </div>
      )}
      {state.kind === 'error' && (
        <div className="jp-MlflowTrace-cardState" role="alert">
          <ErrorIcon />
          <span className="jp-MlflowTrace-cardMessage">
            {title && <strong>{trans.__('%1:', title)} </strong>}
            {
              capText(
                state.message ?? trans.__('The trace could not be fetched.'),
                5000
              ).text
            }
          </span>
          {props.onRetry && !FINAL_ERRORS.has(state.errorKind ?? '') && (
            <button
              type="button"
              className="jp-MlflowTrace-button"
              aria-label={trans.__('Retry fetching the trace')}
              title={trans.__('Retry')}
              onClick={props.onRetry}
            >
              {trans.__('Retry')}
            </button>
          )}
        </div>
      )}
      {state.kind === 'waiting' && (
        <div className="jp-MlflowTrace-cardState">
          <span className="jp-MlflowTrace-cardMessage">
            {trans.__('Automatic fetching is off.')}
          </span>
          {props.onFetch && (
            <button
              type="button"
              className="jp-MlflowTrace-button"
              title={trans._n(
                'Fetch the trace from %2',
                'Fetch the traces from %2',
                count,
                host
              )}
              onClick={props.onFetch}
            >
              {trans.__('Fetch from %1', host)}
            </button>
          )}
        </div>
      )}
      {state.kind === 'other-host' && (
        <div className="jp-MlflowTrace-cardState">
          <span className="jp-MlflowTrace-cardMessage">
            {state.fetchOrigin
              ? trans.__(
                  'Logged to %1, which is not the configured tracking server. The server configuration allows reading traces from it.',
                  host
                )
              : trans.__(
                  'Logged to %1, which is not the configured tracking server. The Jupyter server does not contact it; open the trace in the MLflow UI instead.',
                  host
                )}
          </span>
          {state.fetchOrigin && props.onFetch && (
            <button
              type="button"
              className="jp-MlflowTrace-button"
              title={trans._n(
                'Read the trace from %2 once, through the Jupyter server',
                'Read the traces from %2 once, through the Jupyter server',
                count,
                host
              )}
              onClick={props.onFetch}
            >
              {trans.__('Fetch from %1', host)}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

export default TraceReferenceCard;
