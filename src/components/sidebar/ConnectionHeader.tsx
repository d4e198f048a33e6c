/**
 * Which tracking server the sidebar reads, whether it answers, and why not.
 */
import React from 'react';

import type { ConnectionState } from '../../sidebar/model/types';
import { RefreshIcon } from './controls';
import { connectionAdvice } from './state';

export interface IConnectionHeaderProps {
  connection: ConnectionState;
  versionWarning: string | null;
  onRetry: () => void;
  onOpenSettings?: () => void;
}

const SOURCE_LABEL: Record<string, string> = {
  'server configuration': 'fixed by the server configuration',
  'JupyterLab setting': 'from Settings → MLflow traces',
  MLFLOW_TRACKING_URI: 'from MLFLOW_TRACKING_URI of the Jupyter server',
  'notebook kernel': "the active notebook's store, read for you only",
  default: 'default'
};

export function ConnectionHeader(props: IConnectionHeaderProps): JSX.Element {
  const { connection, onRetry, onOpenSettings } = props;
  const status =
    connection.kind === 'ok' || connection.kind === 'unreachable'
      ? connection.status
      : null;
  const state =
    connection.kind === 'ok'
      ? 'ok'
      : connection.kind === 'loading'
        ? 'loading'
        : 'error';
  const label =
    connection.kind === 'ok'
      ? `Connected${status?.mlflow_version ? ` · MLflow ${status.mlflow_version}` : ''}`
      : connection.kind === 'loading'
        ? 'Connecting…'
        : connection.kind === 'unreachable'
          ? 'Not reachable'
          : 'Server extension unavailable';
  return (
    <div className={`jp-MlflowSidebar-connection jp-mod-${state}`}>
      <div className="jp-MlflowSidebar-connectionRow">
        <span className="jp-MlflowSidebar-statusDot" aria-hidden="true" />
        <div className="jp-MlflowSidebar-connectionText">
          <div
            className="jp-MlflowSidebar-uri"
            title={
              status
                ? `Tracking URI (${SOURCE_LABEL[status.tracking_uri_source] ?? status.tracking_uri_source}): ${status.tracking_uri}`
                : undefined
            }
          >
            {status ? status.tracking_uri : 'MLflow tracking server'}
          </div>
          <div className="jp-MlflowSidebar-connectionState" role="status">
            {label}
          </div>
        </div>
        <button
          type="button"
          className="jp-MlflowSidebar-iconButton"
          onClick={onRetry}
          title={
            connection.kind === 'ok'
              ? 'Refresh experiments and traces'
              : 'Retry the connection'
          }
          aria-label={
            connection.kind === 'ok' ? 'Refresh' : 'Retry the connection'
          }
          disabled={connection.kind === 'loading'}
        >
          <RefreshIcon />
        </button>
      </div>
      {connection.kind === 'unreachable' && (
        <div className="jp-MlflowSidebar-connectionProblem" role="alert">
          <div className="jp-MlflowSidebar-reason">
            {connection.status.reason}
          </div>
          <div className="jp-MlflowSidebar-advice">
            {connectionAdvice(
              connection.status.reason_kind,
              connection.status.is_http,
              connection.status.tracking_uri,
              connection.status.tracking_uri_source === 'notebook kernel'
            )}
          </div>
          <div className="jp-MlflowSidebar-messageActions">
            <button
              type="button"
              className="jp-MlflowSidebar-button jp-mod-accept"
              onClick={onRetry}
            >
              Retry
            </button>
            {onOpenSettings &&
              !connection.status.tracking_uri_fixed &&
              connection.status.tracking_uri_source !== 'notebook kernel' && (
                <button
                  type="button"
                  className="jp-MlflowSidebar-button"
                  onClick={onOpenSettings}
                >
                  Settings
                </button>
              )}
          </div>
        </div>
      )}
      {connection.kind === 'error' && (
        <div className="jp-MlflowSidebar-connectionProblem" role="alert">
          <div className="jp-MlflowSidebar-reason">{connection.message}</div>
          <div className="jp-MlflowSidebar-messageActions">
            <button
              type="button"
              className="jp-MlflowSidebar-button jp-mod-accept"
              onClick={onRetry}
            >
              Retry
            </button>
          </div>
        </div>
      )}
      {props.versionWarning && (
        <div className="jp-MlflowSidebar-versionWarning" role="alert">
          {props.versionWarning}
        </div>
      )}
    </div>
  );
}
