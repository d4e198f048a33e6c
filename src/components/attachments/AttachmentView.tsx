/**
 * An MLflow attachment in a span's data: a placeholder saying what it is
 * ("Image · PNG · 12.0 kB") with a Load button. Nothing is fetched before the
 * click; then the glue's loader (`ViewerContext.loadAttachment`, through the
 * server extension, from the configured tracking server only) gives the
 * bytes, shown from a blob: URL of this page, never a remote address.
 */
import React from 'react';

import type { IAttachmentRef } from '../../model/attachments';
import { ViewerContext } from '../hooks';
import { TranslationBundle, useTrans } from '../i18n';
import { formatBytes, ServerCopyContext, ServerCopyState } from '../serverCopy';
import { capText } from '../state/format';

/** Fetch one attachment's bytes (the glue's; no I/O in views). */
export type LoadAttachmentFn = (ref: IAttachmentRef) => Promise<Blob>;

type LoadState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'loaded'; url: string }
  | { kind: 'failed'; message: string };

/** "Image · PNG · 73 bytes": what the reference says, nothing loaded. */
export function attachmentLabel(
  trans: TranslationBundle,
  ref: IAttachmentRef
): string {
  const kind = {
    image: trans.__('Image'),
    audio: trans.__('Audio'),
    pdf: trans.__('PDF'),
    file: trans.__('File')
  }[ref.kind];
  const format =
    ref.contentType.split('/')[1]?.toUpperCase() || ref.contentType;
  return ref.size === undefined
    ? trans.__('%1 · %2', kind, format)
    : trans.__('%1 · %2 · %3', kind, format, formatBytes(trans, ref.size));
}

/** Why this attachment cannot be loaded here, or null when it can. */
function unavailableReason(
  trans: TranslationBundle,
  canLoad: boolean,
  serverCopy: ServerCopyState | undefined
): string | null {
  if (!canLoad) {
    return trans.__(
      'Not loadable here: attachments load only from the configured tracking server.'
    );
  }
  switch (serverCopy?.kind) {
    case 'checking':
      return trans.__(
        'Checking whether %1 stored this trace; the attachment can be loaded once it has.',
        serverCopy.host
      );
    case 'not-stored':
      return trans.__(
        'Cannot load: %1 has no trace with this id, so it holds none of its attachments.',
        serverCopy.host
      );
    case 'unknown':
      return trans.__(
        'Cannot load: could not reach the tracking server (%1)',
        capText(serverCopy.message, 500).text
      );
    case 'not-asked':
      return trans.__(
        'Cannot load: attachments come only from the configured tracking server (%1)',
        capText(serverCopy.reason, 500).text
      );
    default:
      return null;
  }
}

export function AttachmentView(props: {
  attachment: IAttachmentRef;
}): JSX.Element {
  const ref = props.attachment;
  const trans = useTrans();
  const load = React.useContext(ViewerContext).loadAttachment;
  const serverCopy = React.useContext(ServerCopyContext);
  const [state, setState] = React.useState<LoadState>({ kind: 'idle' });
  const label = attachmentLabel(trans, ref);
  const unavailable = unavailableReason(trans, !!load, serverCopy);

  const loaded = state.kind === 'loaded' ? state.url : null;
  React.useEffect(
    () => (loaded ? () => URL.revokeObjectURL(loaded) : undefined),
    [loaded]
  );
  // A click after unmount must not set state (nor leak its blob: URL).
  const mounted = React.useRef(true);
  React.useEffect(() => () => void (mounted.current = false), []);

  const onLoad = () => {
    if (!load) {
      return;
    }
    setState({ kind: 'loading' });
    load(ref).then(
      blob => {
        if (mounted.current) {
          setState({ kind: 'loaded', url: URL.createObjectURL(blob) });
        }
      },
      (error: unknown) => {
        if (mounted.current) {
          setState({
            kind: 'failed',
            message: capText(String((error as Error)?.message ?? error), 500)
              .text
          });
        }
      }
    );
  };

  if (loaded) {
    return (
      <div className="jp-MlflowTrace-attachment" data-kind={ref.kind}>
        <LoadedAttachment attachment={ref} url={loaded} label={label} />
      </div>
    );
  }
  return (
    <div
      className="jp-MlflowTrace-attachment jp-mod-placeholder"
      data-kind={ref.kind}
      aria-busy={state.kind === 'loading'}
    >
      <span className="jp-MlflowTrace-attachmentLabel">{label}</span>
      {unavailable ? (
        <span className="jp-MlflowTrace-attachmentNote" role="note">
          {unavailable}
        </span>
      ) : (
        <button
          type="button"
          className="jp-Button jp-mod-styled jp-mod-reject jp-MlflowTrace-attachmentLoad"
          onClick={onLoad}
          disabled={state.kind === 'loading'}
          title={trans.__(
            'Load this attachment from the configured tracking server'
          )}
        >
          {state.kind === 'loading'
            ? trans.__('Loading…')
            : state.kind === 'failed'
              ? trans.__('Retry')
              : trans.__('Load')}
        </button>
      )}
      {state.kind === 'failed' && (
        <span
          className="jp-MlflowTrace-attachmentNote jp-mod-error"
          role="alert"
        >
          {trans.__('Attachment not loaded: %1', state.message)}
        </span>
      )}
    </div>
  );
}

function LoadedAttachment(props: {
  attachment: IAttachmentRef;
  url: string;
  label: string;
}): JSX.Element {
  const { attachment: ref, url, label } = props;
  const trans = useTrans();
  switch (ref.kind) {
    case 'image':
      return (
        <img className="jp-MlflowTrace-attachmentImage" src={url} alt={label} />
      );
    case 'audio':
      return <audio controls src={url} aria-label={label} />;
    default:
      return (
        <>
          <span className="jp-MlflowTrace-attachmentLabel">{label}</span>
          <a
            href={url}
            download={ref.id}
            target="_blank"
            rel="noopener noreferrer"
          >
            {ref.kind === 'pdf'
              ? trans.__('Save / open PDF')
              : trans.__('Save file')}
          </a>
        </>
      );
  }
}
