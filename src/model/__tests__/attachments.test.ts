/**
 * Attachment references on a REAL trace (fixtures/attachments, made by
 * generate_attachments.py under mlflow 3.17.2): Attachment inputs (PNG, WAV,
 * PDF, SVG) and a chat image MLflow extracted from a data: URL.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { describe, expect, it } from 'vitest';

import { parseAttachmentRef } from '../attachments';
import { parseChat } from '../chat';
import { traceFromJson } from '../trace';

const fixture = JSON.parse(
  readFileSync(
    resolve(__dirname, '../../../fixtures/attachments/media.trace.json'),
    'utf8'
  )
);
const trace = traceFromJson(fixture.payload);
const span = (name: string) => trace.spans.find(s => s.name === name)!;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('attachment references', () => {
  it('reads each Attachment input: id, type, size, trace and how to show it', () => {
    const inputs = span('describe_media').inputs as Record<string, unknown>;
    const refs = Object.fromEntries(
      Object.entries(inputs).map(([k, v]) => [k, parseAttachmentRef(v)])
    );
    expect(refs.image).toMatchObject({
      contentType: 'image/png',
      size: 73,
      traceId: trace.traceId,
      kind: 'image'
    });
    expect(refs.audio).toMatchObject({
      contentType: 'audio/wav',
      kind: 'audio'
    });
    expect(refs.pdf).toMatchObject({
      contentType: 'application/pdf',
      kind: 'pdf'
    });
    // SVG can run script: a file to save, never shown inline.
    expect(refs.svg).toMatchObject({
      contentType: 'image/svg+xml',
      kind: 'file'
    });
    for (const ref of Object.values(refs)) {
      expect(ref!.id).toMatch(UUID);
    }
    expect(new Set(Object.values(refs).map(r => r!.id)).size).toBe(4);
  });

  it('reads the chat image MLflow turned into an attachment', () => {
    const chat = span('chat');
    const parsed = parseChat(chat.inputs, chat.outputs, chat.attributes);
    const image = parsed!.messages[0].images![0];
    expect(image.source).toBe('attachment');
    expect(parseAttachmentRef(image.url)).toMatchObject({
      contentType: 'image/png',
      traceId: trace.traceId,
      kind: 'image'
    });
  });

  it('refuses what is not a well-formed MLflow reference (hand-written hostile cases)', () => {
    const id = '0b1d4c1e-2f3a-4b5c-8d6e-7f8091a2b3c4';
    const good = `mlflow-attachment://${id}?content_type=image%2Fpng&trace_id=tr-1&size=9`;
    expect(parseAttachmentRef(good)).toEqual({
      id,
      contentType: 'image/png',
      traceId: 'tr-1',
      size: 9,
      kind: 'image'
    });
    for (const bad of [
      'mlflow-attachment://../../etc?content_type=image%2Fpng&trace_id=tr-1',
      `mlflow-attachment://${id.toUpperCase()}?content_type=image%2Fpng&trace_id=tr-1`,
      `mlflow-attachment://${id}?trace_id=tr-1`,
      `mlflow-attachment://${id}?content_type=image%2Fpng`,
      `mlflow-attachment://${id}`,
      `https://example.com/${id}?content_type=image%2Fpng&trace_id=tr-1`,
      `${good}${'x'.repeat(3000)}`,
      42
    ]) {
      expect(parseAttachmentRef(bad)).toBeNull();
    }
    expect(
      parseAttachmentRef(good.replace('size=9', 'size=-3'))?.size
    ).toBeUndefined();
    expect(
      parseAttachmentRef(
        good.replace('image%2Fpng', 'Text%2FHTML%3B%20charset%3Dutf-8')
      )
    ).toMatchObject({ contentType: 'text/html', kind: 'file' });
  });
});
