/**
 * Compact card for an output that looked like an MLflow trace but could
 * not be read: title, the specific reason, and the payload as text.
 */
import React from 'react';
import type { ITraceError } from '../model/types';
import { ViewerContext, defaultCopy, useCopyFeedback } from './hooks';
import { TranslationBundle, useTrans } from './i18n';
import { CopyIcon, ErrorIcon } from './icons';
import { keepActivationKeys } from './keys';
import { capText, formatCount } from './state/format';
import { cappedPrettyJson } from './state/json';

/** Raw payload characters shown before "Show all". */
export const ERROR_RAW_CAP = 50_000;

export interface ITraceErrorCardProps {
  /** Default: "Could not display this MLflow trace" (translated). */
  title?: string;
  /** The model's error (code + specific message). */
  error?: ITraceError;
  /** A message when there is no `error` (or in addition to its message). */
  message?: string;
  /** The payload: shown as text (strings as is, other values as JSON). */
  raw?: unknown;
  onCopy?: (text: string) => void;
}

function rawText(raw: unknown, trans: TranslationBundle): string {
  if (typeof raw === 'string') {
    return raw;
  }
  // Generous string cap: this is the user's own payload, but never throw.
  return cappedPrettyJson(raw, 100_000, 5_000_000, rest =>
    trans.__('… (%1 more characters)', formatCount(rest))
  ).text;
}

export function TraceErrorCard(props: ITraceErrorCardProps): JSX.Element {
  const outer = React.useContext(ViewerContext);
  const services = React.useMemo(
    () => ({ ...outer, copy: props.onCopy ?? outer.copy ?? defaultCopy }),
    [outer, props.onCopy]
  );
  return (
    <ViewerContext.Provider value={services}>
      <ErrorCardBody {...props} />
    </ViewerContext.Provider>
  );
}

function ErrorCardBody(props: ITraceErrorCardProps): JSX.Element {
  const trans = useTrans();
  const title = props.title ?? trans.__('Could not display this MLflow trace');
  const [open, setOpen] = React.useState(false);
  const [all, setAll] = React.useState(false);
  const [copied, copy] = useCopyFeedback();
  const hasRaw = props.raw !== undefined;
  // Only stringify when the raw view is opened.
  const text = React.useMemo(
    () => (open && hasRaw ? rawText(props.raw, trans) : ''),
    [open, hasRaw, props.raw, trans]
  );
  const shown = all ? { text, rest: 0 } : capText(text, ERROR_RAW_CAP);
  const messages = [props.error?.message, props.message].filter(
    (m): m is string => !!m
  );
  return (
    <div
      className="jp-MlflowTrace-card jp-MlflowTrace-errorCard"
      role="group"
      aria-label={title}
      onKeyDown={keepActivationKeys}
    >
      <div className="jp-MlflowTrace-cardTitle">
        <ErrorIcon />
        <strong>{title}</strong>
        {props.error?.code && (
          <code className="jp-MlflowTrace-note">{props.error.code}</code>
        )}
      </div>
      {messages.map((m, k) => (
        <div key={k} className="jp-MlflowTrace-cardMessage">
          {capText(m, 5000).text}
        </div>
      ))}
      {hasRaw && (
        <div className="jp-MlflowTrace-cardRaw">
          <div className="jp-MlflowTrace-rawBar">
            <button
              type="button"
              className="jp-MlflowTrace-miniButton"
              aria-expanded={open}
              onClick={() => setOpen(o => !o)}
            >
              {open
                ? trans.__('Hide raw payload')
                : trans.__('Show raw payload')}
            </button>
            {open && (
              <button
                type="button"
                className="jp-MlflowTrace-miniButton"
                aria-label={trans.__('Copy raw payload')}
                title={trans.__('Copy raw payload')}
                onClick={() => copy(text)}
              >
                <CopyIcon />
                <span>{copied ? trans.__('Copied') : trans.__('Copy')}</span>
              </button>
            )}
          </div>
          {open && (
            <>
              <pre className="jp-MlflowTrace-rawText">{shown.text}</pre>
              {shown.rest > 0 && (
                <div className="jp-MlflowTrace-more">
                  <span>
                    {trans.__(
                      '… (%1 more characters)',
                      formatCount(shown.rest)
                    )}
                  </span>
                  <button
                    type="button"
                    className="jp-MlflowTrace-miniButton"
                    onClick={() => setAll(true)}
                  >
                    {trans.__('Show all')}
                  </button>
                </div>
              )}
            </>
          )}
        </div>
      )}
    </div>
  );
}

export default TraceErrorCard;
