/**
 * What the tracking server holds of an embedded trace, and how the viewer
 * says it: a note in the header when the server never stored the trace (or
 * could not be asked), and the state of values the size cap cut.
 */
import React from 'react';
import { readTruncationMarker } from '../model/truncation';
import { TextBlock } from './TextBlock';
import { capText, formatCount } from './state/format';

export type ServerCopyState =
  /** Asking the configured server (`host`) for the trace. */
  | { kind: 'checking'; host: string }
  /** The server has it (a capped trace was replaced by its copy). */
  | { kind: 'stored'; host: string }
  /** The server answered "no such trace": the output holds the only copy. */
  | { kind: 'not-stored'; host: string }
  /** Unreachable, timed out, refused…: nothing is known either way. */
  | { kind: 'unknown'; host: string; message: string }
  /** Not asked, and why (e.g. logged to another server). */
  | { kind: 'not-asked'; reason: string };

export const ServerCopyContext = React.createContext<
  ServerCopyState | undefined
>(undefined);

/** The header's line about the server's copy; nothing while it is fine. */
export function ServerCopyNote(props: {
  state?: ServerCopyState;
}): JSX.Element | null {
  const { state } = props;
  if (state?.kind === 'not-stored') {
    return (
      <div className="jp-MlflowTrace-serverNote jp-mod-warn" role="note">
        Not stored on the tracking server: {state.host} has no trace with this
        id. This output holds the only copy.
      </div>
    );
  }
  if (state?.kind === 'unknown') {
    return (
      <div className="jp-MlflowTrace-serverNote" role="note">
        Could not check whether the tracking server stored this trace:{' '}
        {capText(state.message, 500).text}
      </div>
    );
  }
  return null;
}

function formatBytes(n: number): string {
  if (n < 1024) {
    return `${formatCount(n)} bytes`;
  }
  if (n < 1024 * 1024) {
    return `${(n / 1024).toFixed(1)} kB`;
  }
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Why the full value is not shown, in the words of the server copy's state. */
function cappedStatus(state: ServerCopyState | undefined): {
  text: string;
  busy?: boolean;
  error?: boolean;
} {
  switch (state?.kind) {
    case 'checking':
      return { text: 'fetching full value…', busy: true };
    case 'not-stored':
      return {
        text: `the full value is not available: ${state.host} has no trace with this id.`,
        error: true
      };
    case 'unknown':
      return {
        text: `could not fetch the full value: ${capText(state.message, 500).text}`,
        error: true
      };
    case 'not-asked':
      return { text: `the full value is not available: ${state.reason}` };
    case 'stored':
      return { text: 'the tracking server holds the same capped value.' };
    default:
      return { text: 'the full value is not available here.' };
  }
}

/**
 * A value the kernel's size cap replaced with a marker: says so, with its
 * original size, the preview, and whether the full value is on its way.
 * Null when `value` is not a marker.
 */
export function CappedValue(props: { value: unknown }): JSX.Element | null {
  const state = React.useContext(ServerCopyContext);
  const marker = React.useMemo(
    () => readTruncationMarker(props.value),
    [props.value]
  );
  if (!marker) {
    return null;
  }
  const status = cappedStatus(state);
  const size =
    marker.originalSize !== null
      ? ` (${formatBytes(marker.originalSize)})`
      : '';
  return (
    <div className="jp-MlflowTrace-capped">
      <div
        className={`jp-MlflowTrace-cappedState${status.error ? ' jp-MlflowTrace-errorText' : ''}`}
        role={status.error ? 'alert' : 'status'}
        aria-busy={status.busy ? true : undefined}
      >
        {`Value cut by the size cap${size}; ${status.text}`}
      </div>
      {marker.preview && (
        <TextBlock text={`${marker.preview}…`} label="capped value preview" />
      )}
    </div>
  );
}
