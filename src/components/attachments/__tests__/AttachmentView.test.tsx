// @vitest-environment jsdom
/**
 * Attachments in the viewer, on a REAL trace (fixtures/attachments, mlflow
 * 3.17.2): placeholders say what each is and load nothing; a click asks the
 * glue's loader, then shows the image, the audio player or a link to save;
 * a failure says why in place; without a loader or a server copy, why not.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';

import React from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  cleanup,
  fireEvent,
  render,
  screen,
  waitFor,
  within
} from '@testing-library/react';

import type { IAttachmentRef } from '../../../model/attachments';
import { traceFromJson } from '../../../model/trace';
import { TraceViewer } from '../../TraceViewer';
import type { ServerCopyState } from '../../serverCopy';
import type { LoadAttachmentFn } from '../AttachmentView';

afterEach(cleanup);

const fixture = JSON.parse(
  readFileSync(
    resolve(__dirname, '../../../../fixtures/attachments/media.trace.json'),
    'utf8'
  )
);
const trace = traceFromJson(fixture.payload);

// jsdom has no object URLs: count them so the test sees they are released.
const urls = new Set<string>();
beforeAll(() => {
  let n = 0;
  URL.createObjectURL = () => {
    const url = `blob:http://localhost/${++n}`;
    urls.add(url);
    return url;
  };
  URL.revokeObjectURL = (url: string) => void urls.delete(url);
});

function renderViewer(
  load?: LoadAttachmentFn,
  serverCopy?: ServerCopyState
): void {
  render(
    <TraceViewer
      traces={[trace]}
      onLoadAttachment={load}
      serverCopies={serverCopy ? [serverCopy] : undefined}
      defaultExpandDepth={2}
    />
  );
}

const placeholder = (text: RegExp) =>
  screen
    .getAllByText(text)
    .map(e => e.closest('.jp-MlflowTrace-attachment') as HTMLElement)[0];

describe('attachments in the viewer', () => {
  it('shows a placeholder per attachment and loads nothing before a click', () => {
    const load = vi.fn<LoadAttachmentFn>();
    renderViewer(load);
    expect(screen.getByText('Image · PNG · 73 bytes')).toBeTruthy();
    expect(screen.getByText(/^Audio · WAV · 1\.6 kB$/)).toBeTruthy();
    expect(screen.getByText('PDF · PDF · 69 bytes')).toBeTruthy();
    expect(screen.getByText('File · SVG+XML · 71 bytes')).toBeTruthy();
    expect(document.querySelector('img, audio')).toBeNull();
    expect(load).not.toHaveBeenCalled();
  });

  it('loads an image on Load, from the reference MLflow wrote, as a blob: URL', async () => {
    const load = vi.fn<LoadAttachmentFn>(
      async () => new Blob([new Uint8Array([137, 80])], { type: 'image/png' })
    );
    renderViewer(load);
    const box = placeholder(/^Image · PNG/);
    fireEvent.click(within(box).getByRole('button', { name: 'Load' }));
    expect(load).toHaveBeenCalledTimes(1);
    const ref: IAttachmentRef = load.mock.calls[0][0];
    expect(ref).toMatchObject({
      contentType: 'image/png',
      traceId: trace.traceId,
      kind: 'image'
    });
    const image = await screen.findByRole('img', {
      name: 'Image · PNG · 73 bytes'
    });
    expect(image.getAttribute('src')).toMatch(/^blob:/);
    cleanup();
    expect(urls.size).toBe(0); // released with the view
  });

  it('plays audio in an audio element and offers the PDF and the SVG to save', async () => {
    renderViewer(async () => new Blob(['x']));
    for (const label of [/^Audio · WAV/, /^PDF · PDF/, /^File · SVG/]) {
      fireEvent.click(
        within(placeholder(label)).getByRole('button', { name: 'Load' })
      );
    }
    await waitFor(() =>
      expect(document.querySelector('audio[controls]')).not.toBeNull()
    );
    const pdf = await screen.findByRole('link', { name: 'Save / open PDF' });
    expect(pdf.getAttribute('href')).toMatch(/^blob:/);
    const svg = await screen.findByRole('link', { name: 'Save file' });
    expect(svg.getAttribute('download')).toBeTruthy();
    expect(document.querySelector('img')).toBeNull(); // never inline
  });

  it("says in place why a load failed, in the server's words, and offers a retry", async () => {
    const load = vi.fn<LoadAttachmentFn>(async () => {
      throw new Error(
        'attachment 0b1d… of trace tr-… not found on http://127.0.0.1:5000'
      );
    });
    renderViewer(load);
    const box = placeholder(/^Image · PNG/);
    fireEvent.click(within(box).getByRole('button', { name: 'Load' }));
    expect((await within(box).findByRole('alert')).textContent).toBe(
      'Attachment not loaded: attachment 0b1d… of trace tr-… not found on http://127.0.0.1:5000'
    );
    expect(within(box).getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  it('without a loader (an offline view) or a server copy, says why it cannot load', () => {
    renderViewer(undefined);
    expect(
      within(placeholder(/^Image · PNG/)).getByRole('note').textContent
    ).toBe(
      'Not loadable here: attachments load only from the configured tracking server.'
    );
    cleanup();
    renderViewer(vi.fn<LoadAttachmentFn>(), {
      kind: 'not-stored',
      host: 'http://127.0.0.1:5000'
    });
    const box = placeholder(/^Image · PNG/);
    expect(within(box).queryByRole('button')).toBeNull();
    expect(within(box).getByRole('note').textContent).toBe(
      'Cannot load: http://127.0.0.1:5000 has no trace with this id, so it holds none of its attachments.'
    );
  });
});
