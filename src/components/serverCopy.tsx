/**
 * What the tracking server holds of an embedded trace, and how the viewer
 * says it: a note in the header when the server never stored the trace (or
 * could not be asked), and the state of values the size cap cut.
 */
import React from 'react';
import { readTruncationMarker } from '../model/truncation';
import { TranslationBundle, useTrans } from './i18n';
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
  const trans = useTrans();
  if (state?.kind === 'not-stored') {
    return (
      <div className="jp-MlflowTrace-serverNote jp-mod-warn" role="note">
        {trans.__(
          'Not stored on the tracking server: %1 has no trace with this id. This output holds the only copy.',
          state.host
        )}
      </div>
    );
  }
  if (state?.kind === 'unknown') {
    return (
      <div className="jp-MlflowTrace-serverNote" role="note">
        {trans.__(
          'Could not check whether the tracking server stored this trace: %1',
          capText(state.message, 500).text
        )}
      </div>
    );
  }
  return null;
}

export function formatBytes(trans: TranslationBundle, n: number): string {
  if (n < 1024) {
    return trans._n('%2 byte', '%2 bytes', n, formatCount(n));
  }
  if (n < 1024 * 1024) {
    return trans.__('%1 kB', (n / 1024).toFixed(1));
  }
  return trans.__('%1 MB', (n / 1024 / 1024).toFixed(1));
}

/** Why the full value is not shown, in the words of the server copy's state. */
function cappedStatus(
  trans: TranslationBundle,
  state: ServerCopyState | undefined
): {
  text: string;
  busy?: boolean;
  error?: boolean;
} {
  switch (state?.kind) {
    case 'checking':
      return { text: trans.__('fetching full value…'), busy: true };
    case 'not-stored':
      return {
        text: trans.__(
          'the full value is not available: %1 has no trace with this id.',
          state.host
        ),
        error: true
      };
    case 'unknown':
      return {
        text: trans.__(
          'could not fetch the full value: %1',
          capText(state.message, 500).text
        ),
        error: true
      };
    case 'not-asked':
      return {
        text: trans.__('the full value is not available: %1', state.reason)
      };
    case 'stored':
      return {
        text: trans.__('the tracking server holds the same capped value.')
      };
    default:
      return { text: trans.__('the full value is not available here.') };
  }
}

/**
 * A value the kernel's size cap replaced with a marker: says so, with its
 * original size, the preview, and whether the full value is on its way.
 * Null when `value` is not a marker.
 */
export function CappedValue(props: { value: unknown }): JSX.Element | null {
  const state = React.useContext(ServerCopyContext);
  const trans = useTrans();
  const marker = React.useMemo(
    () => readTruncationMarker(props.value),
    [props.value]
  );
  if (!marker) {
    return null;
  }
  const status = cappedStatus(trans, state);
  return (
    <div className="jp-MlflowTrace-capped">
      <div
        className={`jp-MlflowTrace-cappedState${status.error ? ' jp-MlflowTrace-errorText' : ''}`}
        role={status.error ? 'alert' : 'status'}
        aria-busy={status.busy ? true : undefined}
      >
        {marker.originalSize !== null
          ? trans.__(
              'Value cut by the size cap (%1); %2',
              formatBytes(trans, marker.originalSize),
              status.text
            )
          : trans.__('Value cut by the size cap; %1', status.text)}
      </div>
      {marker.preview && (
        <TextBlock
          text={`${marker.preview}…`}
          label={trans.__('capped value preview')}
        />
      )}
    </div>
  );
}
