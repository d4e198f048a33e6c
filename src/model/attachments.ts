/**
 * MLflow 3 attachments: an `mlflow.tracing.attachments.Attachment` in a span's
 * inputs or outputs is stored as a trace artifact and leaves in the span the
 * reference `mlflow-attachment://<uuid>?content_type=…&trace_id=…&size=…`
 * (MLflow's `Attachment.ref`). This reads such a reference; it never fetches.
 */

const SCHEME = 'mlflow-attachment://';
/** MLflow makes attachment ids with uuid4 and accepts only canonical ones. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_REF = 2000;

/** How a viewer may show the bytes; `file` is only ever saved. */
export type AttachmentKind = 'image' | 'audio' | 'pdf' | 'file';

export interface IAttachmentRef {
  id: string;
  /** As the reference records it (lowercase, without parameters). */
  contentType: string;
  /** Bytes, when the reference says (MLflow drops sizes <= 0). */
  size?: number;
  traceId: string;
  kind: AttachmentKind;
}

/**
 * The types shown inline: what the server extension serves as such (its
 * `SAFE_INLINE_TYPES`); everything else, SVG included, is a file to save.
 */
const INLINE_KINDS: Record<string, AttachmentKind> = {
  'image/png': 'image',
  'image/jpeg': 'image',
  'image/jpg': 'image',
  'image/gif': 'image',
  'image/webp': 'image',
  'audio/mpeg': 'audio',
  'audio/mp3': 'audio',
  'audio/wav': 'audio',
  'audio/x-wav': 'audio',
  'audio/wave': 'audio',
  'audio/ogg': 'audio',
  'application/pdf': 'pdf'
};

export function attachmentKind(contentType: string): AttachmentKind {
  return INLINE_KINDS[contentType] ?? 'file';
}

/** Whether a string is an attachment reference at all (cheap, for renderers). */
export function looksLikeAttachmentRef(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SCHEME);
}

/**
 * The attachment a reference names, or null when it is not a well-formed
 * MLflow reference (MLflow's `Attachment.parse_ref` also needs an id, a
 * content type and a trace id; the id must here be a canonical UUID).
 */
export function parseAttachmentRef(value: unknown): IAttachmentRef | null {
  if (!looksLikeAttachmentRef(value) || value.length > MAX_REF) {
    return null;
  }
  const rest = value.slice(SCHEME.length);
  const cut = rest.indexOf('?');
  const id = (cut < 0 ? rest : rest.slice(0, cut)).replace(/\/$/, '');
  if (!UUID.test(id) || cut < 0) {
    return null;
  }
  const query = new URLSearchParams(rest.slice(cut + 1));
  const contentType = (query.get('content_type') ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  const traceId = query.get('trace_id') ?? '';
  if (!contentType || !traceId) {
    return null;
  }
  const ref: IAttachmentRef = {
    id,
    contentType,
    traceId,
    kind: attachmentKind(contentType)
  };
  const size = Number(query.get('size'));
  if (Number.isSafeInteger(size) && size > 0) {
    ref.size = size;
  }
  return ref;
}
