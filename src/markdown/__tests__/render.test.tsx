// @vitest-environment jsdom
/**
 * The whole markdown path with JupyterLab's own parser (marked, as configured
 * by @jupyterlab/markedparser-extension) and sanitizer, on hand-written
 * hostile markdown (labelled: written for this test).
 */
import * as fs from 'fs';
import * as path from 'path';
import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  cleanup,
  fireEvent,
  render,
  screen,
  waitFor
} from '@testing-library/react';

// The parser module imports these packages for plugin tokens only; their
// indexes pull in all of JupyterLab's widgets, which jsdom cannot load.
vi.mock('@jupyterlab/codemirror', () => ({ IEditorLanguageRegistry: {} }));
vi.mock('@jupyterlab/rendermime', () => ({ IMarkdownParser: {} }));
vi.mock('@jupyterlab/mermaid', () => ({ IMermaidMarkdown: {} }));

import { Sanitizer } from '@jupyterlab/apputils/lib/sanitizer';
import { createMarkdownParser } from '@jupyterlab/markedparser-extension';

import { inertMarkdownRenderer, renderInertMarkdown } from '../render';
import { ChatView } from '../../components/ChatView';
import { TextBlock } from '../../components/TextBlock';
import { ViewerContext } from '../../components/hooks';
import { parseChat } from '../../model/chat';

/** No code highlighting: fenced code stays plain, everything else is JupyterLab's. */
const options = {
  sanitizer: new Sanitizer(),
  markdownParser: createMarkdownParser({ findBest: () => null } as any)
};

const hosts: HTMLElement[] = [];
afterEach(() => {
  cleanup();
  hosts.splice(0).forEach(h => h.remove());
});

/** Render into a host in the live document, recording every node that ever entered it. */
async function renderLive(source: string) {
  const host = document.createElement('div');
  document.body.append(host);
  hosts.push(host);
  const added: Node[] = [];
  const observer = new MutationObserver(records => {
    for (const r of records) {
      added.push(...Array.from(r.addedNodes));
    }
  });
  observer.observe(host, { childList: true, subtree: true });
  const report = await renderInertMarkdown(host, source, options);
  await new Promise(resolve => setTimeout(resolve, 0));
  observer.disconnect();
  const everAdded = added.flatMap(n =>
    n instanceof Element ? [n, ...Array.from(n.querySelectorAll('*'))] : []
  );
  return { host, report, everAdded };
}

describe('renderInertMarkdown', () => {
  it('keeps markdown formatting and safe links', async () => {
    const { host } = await renderLive(
      '# Title\n\nSome **bold** text, `code` and [a link](https://example.com/docs).'
    );
    expect(host.querySelector('h1')!.textContent).toBe('Title');
    expect(host.querySelector('strong')!.textContent).toBe('bold');
    const a = host.querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://example.com/docs');
    expect(a.getAttribute('target')).toBe('_blank');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    // No header anchors or ids from content (named access on window).
    expect(host.querySelectorAll('[id]')).toHaveLength(0);
  });

  it('never puts an <img> with an address into the live page', async () => {
    const { host, everAdded, report } = await renderLive(
      '![p](http://127.0.0.2:9/p.png) <img src="https://example.com/q.png"> <img src=x onerror="window.__pwned=1">'
    );
    expect(everAdded.filter(n => n.localName === 'img')).toEqual([]);
    expect(report.blocked.map(b => b.url)).toEqual([
      'http://127.0.0.2:9/p.png',
      'https://example.com/q.png',
      'x'
    ]);
    expect(host.textContent).toContain(
      'Image not loaded: http://127.0.0.2:9/p.png'
    );
    expect((window as any).__pwned).toBeUndefined();
  });

  it('relative addresses never become /files/ (no resolver)', async () => {
    const { host } = await renderLive(
      '![r](relative.png) <img src="sub/x.png"> [doc](notes.md) <a href="/files/secret">s</a>'
    );
    const all = new XMLSerializer().serializeToString(host);
    expect(all).not.toContain('/files/');
    expect(all).not.toContain('_xsrf');
    expect(host.querySelectorAll('[href], [src]')).toHaveLength(0);
    expect(host.textContent).toContain('Image not loaded: relative.png');
    expect(host.textContent).toContain('Image not loaded: sub/x.png');
    expect(host.querySelectorAll('button')).toHaveLength(0);
  });

  it('removes javascript: and data: links', async () => {
    const { host } = await renderLive(
      '[j](javascript:window.__pwned=1) <a href="javascript:alert(1)">k</a> [d](data:text/html,<script>alert(1)</script>)'
    );
    expect(host.querySelectorAll('[href]')).toHaveLength(0);
    expect(host.textContent).toContain('j');
  });

  it('drops the sanitizer-approved loaders: video poster, audio, forms, CSS url()', async () => {
    const { host } = await renderLive(
      [
        '<video poster="http://127.0.0.2:9/v.png" src="v.mp4"></video>',
        '<audio src="http://127.0.0.2:9/a.mp3"></audio>',
        '<form action="http://127.0.0.2:9/f"><input type="image" src="http://127.0.0.2:9/i.png"><button>go</button></form>',
        '<span style="background-image:url(http://127.0.0.2:9/bg.png)">css</span>',
        '<ul style="list-style-image:url(http://127.0.0.2:9/li.png)"><li>item</li></ul>'
      ].join('\n\n')
    );
    const attrs = Array.from(host.querySelectorAll('*')).flatMap(el =>
      Array.from(el.attributes, a => a.value)
    );
    expect(attrs.filter(v => v.includes('127.0.0.2'))).toEqual([]);
    expect(host.textContent).toContain('Video not loaded: v.mp4');
    expect(host.textContent).toContain(
      'Audio not loaded: http://127.0.0.2:9/a.mp3'
    );
    expect(
      host.querySelectorAll('video, audio, form, input, button')
    ).toHaveLength(0);
    expect(host.textContent).toContain('go');
    expect(host.textContent).toContain('item');
  });

  it('shows LaTeX as source, unmangled by markdown, and says so', async () => {
    const { host } = await renderLive('Energy $E = m_1 c^2$ and $x_1 * y_2$.');
    expect(host.textContent).toContain('$E = m_1 c^2$');
    expect(host.textContent).toContain('$x_1 * y_2$');
    expect(host.querySelector('.jp-MlflowTrace-mathNote')!.textContent).toBe(
      'LaTeX is shown as source: typesetting is off for trace content.'
    );
    const plain = await renderLive('No math here.');
    expect(plain.host.querySelector('.jp-MlflowTrace-mathNote')).toBeNull();
  });

  it('shows the text as it is without a markdown parser', async () => {
    const host = document.createElement('div');
    await renderInertMarkdown(host, '<img src="http://127.0.0.2:9/p.png">', {
      ...options,
      markdownParser: null
    });
    expect(host.querySelector('pre')!.textContent).toBe(
      '<img src="http://127.0.0.2:9/p.png">'
    );
    expect(host.querySelectorAll('img')).toHaveLength(0);
  });
});

/** The hand-written corpus the Galata trust spec places in every trace field. */
const CORPUS = JSON.parse(
  fs.readFileSync(
    path.resolve(__dirname, '../../../fixtures/hostile/markup/xss-pixels.json'),
    'utf-8'
  )
) as { pixel_origin: string; payloads: { name: string; markup: string }[] };

describe('the xss-pixels corpus through the markdown path', () => {
  it.each(CORPUS.payloads.map(p => [p.name, p.markup]))(
    '%s',
    async (_name, markup) => {
      const { host, everAdded } = await renderLive(`text before\n\n${markup}`);
      const loaders =
        'img, picture, source, video, audio, track, iframe, object, embed, link, style, meta, base, script, form, input, svg';
      expect(everAdded.filter(n => n.matches(loaders))).toEqual([]);
      const values = Array.from(host.querySelectorAll('*')).flatMap(el =>
        Array.from(el.attributes)
          // The "Load once" button's tooltip names the host, as text.
          .filter(a => a.name !== 'title')
          .map(a => `${a.name}=${a.value}`)
      );
      expect(
        values.filter(v =>
          /^on|^(src|srcset|poster|ping|action|formaction|data|id|name)=|127\.0\.0\.2|javascript:|relative/i.test(
            v
          )
        )
      ).toEqual([]);
      expect(host.textContent).toContain('text before');
      expect((window as any).__pwned).toBeUndefined();
    }
  );
});

describe('viewer components with the inert renderer', () => {
  const renderMarkdown = inertMarkdownRenderer(options);
  const wrap = (child: JSX.Element) => (
    <ViewerContext.Provider value={{ copy: () => undefined, renderMarkdown }}>
      {child}
    </ViewerContext.Provider>
  );

  it('TextBlock in markdown mode shows a placeholder with "Load once"', async () => {
    const { container } = render(
      wrap(
        <TextBlock
          text={'Look: ![p](https://example.com/p.png)'}
          defaultMarkdown
        />
      )
    );
    await screen.findByText('Image not loaded: https://example.com/p.png');
    expect(container.querySelectorAll('img')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Load once' }));
    expect(container.querySelector('img')!.getAttribute('src')).toBe(
      'https://example.com/p.png'
    );
  });

  it('chat image parts (OpenAI image_url, Anthropic image source) never become <img>', async () => {
    const chat = parseChat(
      {
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'text',
                text: 'What is in ![x](http://127.0.0.2:9/md.png) this?'
              },
              {
                type: 'image_url',
                image_url: { url: 'http://127.0.0.2:9/openai.png' }
              }
            ]
          }
        ]
      },
      {
        type: 'message',
        role: 'assistant',
        content: [
          {
            type: 'image',
            source: { type: 'url', url: 'http://127.0.0.2:9/anthropic.png' }
          },
          { type: 'text', text: '<img src="http://127.0.0.2:9/html.png">' }
        ]
      },
      {}
    )!;
    expect(chat).not.toBeNull();
    const { container } = render(wrap(<ChatView chat={chat} />));
    // Chat messages start in markdown mode.
    await waitFor(() =>
      expect(
        container.querySelectorAll('.jp-MlflowTrace-markdown')
      ).toHaveLength(2)
    );
    await waitFor(() =>
      expect(container.textContent).toContain(
        'Image not loaded: http://127.0.0.2:9/html.png'
      )
    );
    expect(container.textContent).toContain(
      'Image not loaded: http://127.0.0.2:9/md.png'
    );
    expect(container.textContent).toContain('http://127.0.0.2:9/openai.png');
    expect(container.textContent).toContain('http://127.0.0.2:9/anthropic.png');
    expect(container.querySelectorAll('img')).toHaveLength(0);

    // And as plain text (markdown toggled off): text nodes only.
    for (const toggle of screen.getAllByRole('button', {
      name: /as markdown/
    })) {
      fireEvent.click(toggle);
    }
    expect(container.querySelectorAll('.jp-MlflowTrace-markdown')).toHaveLength(
      0
    );
    expect(container.querySelectorAll('img')).toHaveLength(0);
    expect(container.textContent).toContain(
      '<img src="http://127.0.0.2:9/html.png">'
    );
  });
});
