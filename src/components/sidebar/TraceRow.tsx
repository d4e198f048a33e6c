/**
 * One trace in the sidebar's list: name and status over the request
 * preview, start, duration and tokens; a box marks it for comparison.
 */
import { checkIcon } from '@jupyterlab/ui-components';
import React from 'react';

import type { ITraceSummary } from '../../model/types';
import { TranslationBundle, useTrans } from '../i18n';
import { RevealedText } from '../RevealedText';
import { TimeIssueMark } from '../TimeIssueMark';
import { formatDuration, revealInvisibleText } from '../state/format';
import {
  formatExactTime,
  formatRelativeTime,
  formatTokens,
  summaryTokens,
  traceLabel
} from './state';

/** A trace's state in a row; MLflow's own name for states it adds later. */
function statusLabel(trans: TranslationBundle, state: string): string {
  switch (state) {
    case 'OK':
      return trans.__('OK');
    case 'ERROR':
      return trans.__('Error');
    case 'IN_PROGRESS':
      return trans.__('Running');
    case 'UNSPECIFIED':
      return '—';
    default:
      return state;
  }
}

/**
 * Two lines, so the name gets the sidebar's width: name and status above;
 * request preview (or the id), start, duration and tokens below, in the
 * columns of the header.
 */
export function TraceRow(props: {
  trace: ITraceSummary;
  now: number;
  /** Marked for comparison (the list's aria-checked says so too). */
  marked?: boolean;
  /** Without it, the row has no mark box (nothing to compare with). */
  onToggleMark?: () => void;
}): JSX.Element {
  const t = props.trace;
  const trans = useTrans();
  const { title, preview } = traceLabel(trans, t);
  const tokens = summaryTokens(t);
  const onToggleMark = props.onToggleMark;
  return (
    <>
      {onToggleMark && (
        // A pointer target only: keyboard users press Space on the row, and
        // screen readers hear the row's aria-checked.
        <span
          className={`jp-MlflowSidebar-markBox${props.marked ? ' jp-mod-marked' : ''}`}
          aria-hidden="true"
          title={
            props.marked
              ? trans.__('Marked to compare: click to unmark')
              : trans.__('Mark to compare (Space or Ctrl+click on the row)')
          }
          onClick={event => {
            event.stopPropagation();
            onToggleMark();
          }}
        >
          {props.marked && <checkIcon.react tag="span" />}
        </span>
      )}
      <span className="jp-MlflowSidebar-traceLine">
        <span
          className="jp-MlflowSidebar-traceName"
          title={[title, preview, t.traceId]
            .filter(Boolean)
            .map(revealInvisibleText)
            .join('\n')}
        >
          <RevealedText text={title} />
        </span>
        <span
          className={`jp-MlflowSidebar-traceStatus jp-mod-${t.state.toLowerCase()}`}
          title={trans.__('Status: %1', t.state)}
        >
          <span className="jp-MlflowSidebar-statusMark" aria-hidden="true" />
          <span className="jp-MlflowSidebar-statusLabel">
            {statusLabel(trans, t.state)}
          </span>
        </span>
      </span>
      <span className="jp-MlflowSidebar-traceFacts">
        <span className="jp-MlflowSidebar-tracePreview">
          <RevealedText
            text={preview || (title !== t.traceId ? t.traceId : '')}
          />
        </span>
        <span
          className="jp-MlflowSidebar-muted jp-MlflowSidebar-traceStart"
          title={formatExactTime(trans, t.startMs)}
        >
          {formatRelativeTime(trans, t.startMs, props.now)}
        </span>
        <span className="jp-MlflowSidebar-num jp-MlflowSidebar-traceDuration">
          {t.timeIssue ? (
            <TimeIssueMark issue={t.timeIssue} subject="trace" />
          ) : t.state === 'IN_PROGRESS' && !t.durationMs ? (
            '…'
          ) : (
            // Search results carry whole milliseconds.
            formatDuration(t.durationMs, 'ms')
          )}
        </span>
        <span
          className="jp-MlflowSidebar-num jp-MlflowSidebar-tokensColumn"
          title={
            tokens === null
              ? trans.__('No token usage recorded')
              : trans._n(
                  '%2 token',
                  '%2 tokens',
                  tokens,
                  tokens.toLocaleString()
                )
          }
        >
          {formatTokens(tokens)}
        </span>
      </span>
    </>
  );
}
