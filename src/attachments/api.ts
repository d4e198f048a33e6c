/**
 * Loading one attachment's bytes through the server extension
 * (`GET traces/<id>/attachments/<uuid>`), which reads them from the configured
 * tracking server only. Only a click in the viewer calls this.
 */
import { ServerConnection } from '@jupyterlab/services';

import { requestBlob } from '../api';
import type { IAttachmentRef } from '../model/attachments';

/** `traces/<id>/attachments/<uuid>?content_type=<recorded type>`, encoded. */
export function attachmentPath(ref: IAttachmentRef): string {
  return (
    `traces/${encodeURIComponent(ref.traceId)}/attachments/` +
    `${encodeURIComponent(ref.id)}?content_type=${encodeURIComponent(ref.contentType)}`
  );
}

/**
 * The attachment's bytes. Rejects with an `ApiError` whose message says what
 * failed ("attachment … of trace … not found on …", "tracking server
 * unreachable at …").
 */
export function loadAttachment(
  ref: IAttachmentRef,
  settings?: ServerConnection.ISettings
): Promise<Blob> {
  return requestBlob(attachmentPath(ref), {}, settings);
}
