/**
 * Which tracking server the sidebar reads, whether it answers, and why not.
 */
import { refreshIcon, ToolbarButtonComponent } from '@jupyterlab/ui-components';
import React from 'react';

import type { ConnectionState } from '../../sidebar/model/types';
import { TranslationBundle, useTrans } from '../i18n';
import { connectionAdvice } from './state';

export interface IConnectionHeaderProps {
  connection: ConnectionState;
  versionWarning: string | null;
  onRetry: () => void;
  onOpenSettings?: () => void;
}

/** Where the tracking URI comes from, by the server's `tracking_uri_source`. */
function sourceLabel(trans: TranslationBundle, source: string): string {
  switch (source) {
    case 'server configuration':
      return trans.__('fixed by the server configuration');
    case 'JupyterLab setting':
      return trans.__('from Settings → MLflow traces');
    case 'MLFLOW_TRACKING_URI':
      return trans.__('from MLFLOW_TRACKING_URI of the Jupyter server');
    case 'notebook kernel':
      return trans.__("the active notebook's store, read for you only");
    case 'default':
      return trans.__('default');
    default:
      return source;
  }
}

export function ConnectionHeader(props: IConnectionHeaderProps): JSX.Element {
  const { connection, onRetry, onOpenSettings } = props;
  const trans = useTrans();
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
      ? status?.mlflow_version
        ? trans.__('Connected · MLflow %1', status.mlflow_version)
        : trans.__('Connected')
      : connection.kind === 'loading'
        ? trans.__('Connecting…')
        : connection.kind === 'unreachable'
          ? trans.__('Not reachable')
          : trans.__('Server extension unavailable');
  return (
    <div className={`jp-MlflowSidebar-connection jp-mod-${state}`}>
      <div className="jp-MlflowSidebar-connectionRow">
        <span className="jp-MlflowSidebar-statusDot" aria-hidden="true" />
        <div className="jp-MlflowSidebar-connectionText">
          <div
            className="jp-MlflowSidebar-uri"
            title={
              status
                ? trans.__(
                    'Tracking URI (%1): %2',
                    sourceLabel(trans, status.tracking_uri_source),
                    status.tracking_uri
                  )
                : undefined
            }
          >
            {status ? status.tracking_uri : trans.__('MLflow tracking server')}
          </div>
          <div className="jp-MlflowSidebar-connectionState" role="status">
            {label}
          </div>
        </div>
        <ToolbarButtonComponent
          className="jp-MlflowSidebar-iconButton"
          icon={refreshIcon}
          tooltip={
            connection.kind === 'ok'
              ? trans.__('Refresh experiments and traces')
              : trans.__('Retry the connection')
          }
          enabled={connection.kind !== 'loading'}
          onClick={onRetry}
        />
      </div>
      {connection.kind === 'unreachable' && (
        <div className="jp-MlflowSidebar-connectionProblem" role="alert">
          <div className="jp-MlflowSidebar-reason">
            {connection.status.reason}
          </div>
          <div className="jp-MlflowSidebar-advice">
            {connectionAdvice(
              trans,
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
              {trans.__('Retry')}
            </button>
            {onOpenSettings &&
              !connection.status.tracking_uri_fixed &&
              connection.status.tracking_uri_source !== 'notebook kernel' && (
                <button
                  type="button"
                  className="jp-MlflowSidebar-button"
                  onClick={onOpenSettings}
                >
                  {trans.__('Settings')}
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
              {trans.__('Retry')}
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
