/**
 * loadAttachment against Jupyter's answers: the request it sends (the
 * reference's trace, id and recorded type) and what it makes of bytes and of
 * the server extension's JSON errors.
 */
import { ServerConnection } from '@jupyterlab/services';
import { describe, expect, it } from 'vitest';

import { ApiError } from '../../api';
import { parseAttachmentRef } from '../../model/attachments';
import { loadAttachment } from '../api';

const ID = '0b1d4c1e-2f3a-4b5c-8d6e-7f8091a2b3c4';
const REF = parseAttachmentRef(
  `mlflow-attachment://${ID}?content_type=image%2Fpng&trace_id=tr-abc&size=4`
)!;

function answering(response: () => Response) {
  const seen: string[] = [];
  const settings = ServerConnection.makeSettings({
    baseUrl: 'http://127.0.0.1:8888/',
    fetch: async (request: RequestInfo) => {
      seen.push((request as Request).url);
      return response();
    }
  } as Partial<ServerConnection.ISettings>);
  return { settings, seen };
}

describe('loadAttachment', () => {
  it('GETs traces/<id>/attachments/<uuid> with the recorded type and gives the bytes', async () => {
    const bytes = new Uint8Array([137, 80, 78, 71]);
    const { settings, seen } = answering(
      () =>
        new Response(bytes, {
          status: 200,
          headers: { 'Content-Type': 'image/png' }
        })
    );
    const blob = await loadAttachment(REF, settings);
    expect(seen).toHaveLength(1);
    const url = new URL(seen[0]);
    expect(url.pathname).toBe(
      `/jupyterlab-mlflow-traces/traces/tr-abc/attachments/${ID}`
    );
    expect(url.searchParams.get('content_type')).toBe('image/png');
    expect(blob.type).toBe('image/png');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(bytes);
  });

  it("rejects with the server's specific error", async () => {
    const message = `attachment ${ID} of trace tr-abc not found on http://127.0.0.1:5000`;
    const { settings } = answering(
      () =>
        new Response(
          JSON.stringify({ error: { kind: 'not-found', message } }),
          { status: 404, headers: { 'Content-Type': 'application/json' } }
        )
    );
    const error = await loadAttachment(REF, settings).catch(e => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe(message);
    expect(error.kind).toBe('not-found');
  });

  it('says the server extension is missing on a bare 404', async () => {
    const { settings } = answering(
      () => new Response('<html>404</html>', { status: 404 })
    );
    const error = await loadAttachment(REF, settings).catch(e => e);
    expect(error.kind).toBe('missing-server-extension');
  });
});
