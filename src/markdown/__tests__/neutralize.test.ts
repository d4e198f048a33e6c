// @vitest-environment jsdom
/**
 * The neutralizer on hand-written hostile HTML (labelled: these strings are
 * attacks written for this test, not MLflow output). Each case is parsed in
 * an inert document, as the renderer does, and must come out loading nothing.
 */
import { describe, expect, it } from 'vitest';
import type { TranslationBundle } from '@jupyterlab/translation';
import { absoluteHttpUrl, neutralize } from '../neutralize';

function inert(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

/** Neutralize `html`; the body's HTML and the report. */
function clean(html: string) {
  const doc = inert(html);
  const report = neutralize(doc);
  return { doc, body: doc.body, report };
}

/** Every attribute left anywhere in the document, as `name=value`. */
function attributes(doc: Document): string[] {
  return Array.from(doc.querySelectorAll('*')).flatMap(el =>
    Array.from(el.attributes, a => `${a.name}=${a.value}`)
  );
}

const PIXEL = 'http://127.0.0.2:9/p.png';

describe('neutralize: media become placeholders naming the address', () => {
  it.each([
    ['img', `<img src="${PIXEL}" alt="p">`, 'Image', PIXEL],
    [
      'img srcset only',
      `<img srcset="${PIXEL} 1x, http://x/2.png 2x">`,
      'Image',
      PIXEL
    ],
    [
      'picture/source',
      `<picture><source srcset="${PIXEL}"><img src="http://x/i.png"></picture>`,
      'Image',
      PIXEL
    ],
    [
      'video',
      `<video src="${PIXEL}" poster="http://x/poster.png"></video>`,
      'Video',
      PIXEL
    ],
    ['video poster only', `<video poster="${PIXEL}"></video>`, 'Video', PIXEL],
    [
      'video/source',
      `<video><source src="${PIXEL}"><track src="http://x/t.vtt"></video>`,
      'Video',
      PIXEL
    ],
    [
      'audio',
      `<audio src="${PIXEL}" autoplay><track src="http://x/t.vtt"></audio>`,
      'Audio',
      PIXEL
    ],
    ['iframe', `<iframe src="${PIXEL}"></iframe>`, 'Frame', PIXEL],
    [
      'iframe srcdoc',
      '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
      'Frame',
      '(inline document)'
    ],
    ['object', `<object data="${PIXEL}"></object>`, 'Embedded object', PIXEL],
    ['embed', `<embed src="${PIXEL}">`, 'Embedded object', PIXEL],
    ['svg image', `<svg><image href="${PIXEL}"/></svg>`, 'Image', PIXEL],
    [
      'svg feImage',
      `<svg><filter><feImage href="${PIXEL}"/></filter></svg>`,
      'Image',
      PIXEL
    ]
  ])('%s', (_label, html, kind, url) => {
    const { doc, body, report } = clean(html);
    expect(report.blocked.map(b => [b.kind, b.url])).toEqual([[kind, url]]);
    expect(body.textContent).toContain(`${kind} not loaded: ${url}`);
    expect(
      doc.querySelectorAll(
        'img, picture, source, video, audio, track, iframe, object, embed, image, feImage'
      )
    ).toHaveLength(0);
    expect(
      attributes(doc).filter(a =>
        /^(src|srcset|srcdoc|href|xlink:href|poster|data)=/.test(a)
      )
    ).toEqual([]);
  });

  it('frame (built by hand: the HTML parser drops <frame> in a body)', () => {
    const doc = inert('<div></div>');
    const frame = doc.createElement('frame');
    frame.setAttribute('src', PIXEL);
    doc.body.firstElementChild!.append(frame);
    const { blocked } = neutralize(doc);
    expect(blocked.map(b => b.kind)).toEqual(['Frame']);
    expect(doc.querySelector('frame')).toBeNull();
  });

  it('keeps the svg, drops its external <use>, keeps a local one', () => {
    const { doc, report } = clean(
      `<svg><use href="${PIXEL}#a"/><use xlink:href="http://x/s.svg#b"/><use href="#local"/></svg>`
    );
    expect(doc.querySelectorAll('svg')).toHaveLength(1);
    expect(doc.querySelectorAll('use')).toHaveLength(1);
    expect(doc.querySelector('use')!.getAttribute('href')).toBeNull();
    expect(report.dropped).toBe(2);
  });

  it('names data: addresses by size and shortens long ones', () => {
    const long = `http://x/${'a'.repeat(1000)}.png`;
    const { body } = clean(
      `<img src="data:image/png;base64,${'A'.repeat(100)}"><img src="${long}">`
    );
    const texts = Array.from(
      body.querySelectorAll('.jp-MlflowTrace-blockedText'),
      t => t.textContent
    );
    expect(texts[0]).toBe('Image not loaded: data: URL (122 characters)');
    expect(texts[1]!.length).toBeLessThan(400);
    expect(texts[1]).toMatch(/…$/);
  });
});

describe('neutralize: elements that load, run or restyle are dropped', () => {
  it.each([
    ['script', '<script>window.__pwned = 1</script>'],
    ['link stylesheet', '<link rel="stylesheet" href="http://x/s.css">'],
    ['style @import', '<style>@import url(http://x/s.css)</style>'],
    ['style url()', '<style>body { background: url(http://x/p.png) }</style>'],
    [
      'style font-face',
      '<style>@font-face { font-family: f; src: url(http://x/f.woff) }</style>'
    ],
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=http://x/">'],
    ['base', '<base href="http://x/">'],
    ['template', '<template><img src="http://x/p.png"></template>'],
    ['noscript', '<noscript><img src="http://x/p.png"></noscript>'],
    ['input image', '<input type="image" src="http://x/p.png">'],
    ['select', '<select><option>a</option></select>'],
    ['textarea', '<textarea>t</textarea>'],
    [
      'svg font-face',
      '<svg><font-face><font-face-src><font-face-uri href="http://x/f.svg"/></font-face-src></font-face></svg>'
    ],
    [
      'svg animate',
      '<svg><a><animate attributeName="href" to="javascript:alert(1)"/><text>t</text></a></svg>'
    ]
  ])('%s', (_label, html) => {
    const { doc, report } = clean(`<p>before</p>${html}<p>after</p>`);
    expect(report.dropped).toBeGreaterThan(0);
    expect(
      doc.querySelectorAll(
        'script, link, style, meta, base, template, noscript, input, select, textarea, font-face, font-face-uri, animate'
      )
    ).toHaveLength(0);
    expect(attributes(doc).join(' ')).not.toMatch(/http:\/\/x|javascript/);
    expect(doc.body.textContent).toContain('before');
    expect(doc.body.textContent).toContain('after');
  });

  it('forms and buttons keep their text, not their action', () => {
    const { doc, body } = clean(
      '<form action="http://x/submit" method="post"><button formaction="http://x/f" type="submit">Send</button></form>'
    );
    expect(doc.querySelectorAll('form, button')).toHaveLength(0);
    expect(body.textContent).toBe('Send');
    expect(attributes(doc).join(' ')).not.toContain('http://x');
  });
});

describe('neutralize: attributes', () => {
  it.each([
    ['srcset', '<div srcset="http://x/p.png 1x">t</div>'],
    ['poster', '<div poster="http://x/p.png">t</div>'],
    [
      'background',
      '<table background="http://x/p.png"><tr><td background="http://x/q.png">t</td></tr></table>'
    ],
    ['formaction', '<div formaction="http://x/f">t</div>'],
    ['ping', '<a href="https://example.com/" ping="http://x/ping">t</a>'],
    [
      'event handler',
      '<div onclick="window.__pwned=1" onmouseover="alert(1)">t</div>'
    ],
    [
      'style url()',
      '<span style="background-image: url(http://x/p.png)">t</span>'
    ],
    [
      'style URL() upper case',
      '<span style="background:URL(http://x/p.png)">t</span>'
    ],
    [
      'style image-set()',
      '<span style="background-image:image-set(\'http://x/p.png\' 1x)">t</span>'
    ],
    ['style @import', '<span style="@import \'http://x/s.css\'">t</span>'],
    [
      'style CSS escape',
      '<span style="background:u\\72l(http://x/p.png)">t</span>'
    ],
    [
      'style cursor url()',
      '<span style="cursor:url(http://x/c.cur),auto">t</span>'
    ],
    ['id (named access on window)', '<a id="__pwned">t</a>'],
    ['name', '<img name="__pwned"><a name="__pwned">t</a>'],
    [
      'xlink:href outside links',
      '<svg><text xlink:href="http://x/">t</text></svg>'
    ],
    [
      'href outside <a>',
      '<map><area href="http://x/" shape="rect" coords="0,0,1,1"></map><svg><a href="http://x/"><text>t</text></a></svg>'
    ]
  ])('%s', (_label, html) => {
    const { doc } = clean(html);
    const left = attributes(doc).join(' ');
    expect(left).not.toMatch(
      /http:\/\/x|__pwned|alert|onclick|onmouseover|srcset|poster|background|formaction|ping/
    );
    expect(doc.body.textContent).toContain('t');
  });

  it('SVG presentation attributes with url()', () => {
    const { doc } = clean(
      '<svg><rect fill="url(http://x/p.svg#p)" filter="url(http://x/f.svg#f)" mask="URL(http://x/m.svg#m)" stroke="red"/><circle clip-path="u\\72l(http://x/c.svg#c)"/></svg>'
    );
    expect(attributes(doc).join(' ')).not.toContain('http://x');
    expect(doc.querySelector('rect')!.getAttribute('stroke')).toBe('red');
  });

  it('keeps harmless style', () => {
    const { doc } = clean(
      '<span style="color: red; font-weight: bold">t</span>'
    );
    expect(doc.querySelector('span')!.getAttribute('style')).toBe(
      'color: red; font-weight: bold'
    );
  });
});

describe('neutralize: links', () => {
  it('keeps absolute http(s) links, opening in a new tab without referrer', () => {
    const { doc } = clean(
      '<a href="https://example.com/a?b=1" target="_self" rel="opener">t</a>'
    );
    const a = doc.querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://example.com/a?b=1');
    expect(a.getAttribute('target')).toBe('_blank');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it.each([
    ['javascript:', 'javascript:window.__pwned=1'],
    ['JavaScript: with spaces', ' JavaScript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['relative', 'notebook.ipynb'],
    ['root-relative', '/files/secret.txt'],
    ['protocol-relative', '//x/p'],
    ['fragment', '#top'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['file:', 'file:///etc/passwd']
  ])('drops %s hrefs and keeps the text', (_label, href) => {
    const doc = inert('<a target="_blank" rel="x">text</a>');
    doc.querySelector('a')!.setAttribute('href', href);
    neutralize(doc);
    const a = doc.querySelector('a')!;
    expect(a.hasAttribute('href')).toBe(false);
    expect(a.hasAttribute('target')).toBe(false);
    expect(a.textContent).toBe('text');
  });
});

describe('Load once', () => {
  it('is offered only for absolute http(s) images', () => {
    const { report } = clean(
      [
        `<img src="${PIXEL}">`,
        '<img src="https://example.com/p.png">',
        '<img src="relative.png">',
        '<img src="/files/p.png">',
        '<img src="//example.com/p.png">',
        '<img src="data:image/png;base64,AAAA">',
        '<img src="javascript:alert(1)">',
        '<img>',
        `<video src="${PIXEL}"></video>`,
        `<iframe src="${PIXEL}"></iframe>`
      ].join('')
    );
    const offered = report.blocked.map(
      b => !!b.placeholder.querySelector('button.jp-MlflowTrace-loadOnce')
    );
    expect(offered).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false
    ]);
    expect(report.blocked.map(b => b.loadable)).toEqual([
      PIXEL,
      'https://example.com/p.png',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null
    ]);
  });

  it('loads nothing by itself, and on click loads that one image in the live page', () => {
    const doc = inert(
      `<p>see <a href="https://example.com/"><img src="${PIXEL}" alt="the pixel"></a></p>`
    );
    neutralize(doc);
    const host = document.createElement('div');
    document.body.append(host);
    host.append(...Array.from(doc.body.childNodes, n => document.adoptNode(n)));
    expect(host.querySelectorAll('img')).toHaveLength(0);

    const button = host.querySelector<HTMLButtonElement>(
      'button.jp-MlflowTrace-loadOnce'
    )!;
    expect(button.textContent).toBe('Load once');
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    button.dispatchEvent(click);
    // Inside a link: the click loads the image and does not follow the link.
    expect(click.defaultPrevented).toBe(true);
    const img = host.querySelector('img')!;
    expect(img.ownerDocument).toBe(document);
    expect(img.getAttribute('src')).toBe(PIXEL);
    expect(img.alt).toBe('the pixel');
    expect(img.referrerPolicy).toBe('no-referrer');
    expect(host.querySelector('.jp-MlflowTrace-blocked')).toBeNull();
    host.remove();
  });
});

describe('absoluteHttpUrl', () => {
  it('accepts only absolute http(s) addresses', () => {
    expect(absoluteHttpUrl('https://example.com/a b')).toBe(
      'https://example.com/a%20b'
    );
    expect(absoluteHttpUrl('HTTP://EXAMPLE.com')).toBe('http://example.com/');
    for (const bad of [
      '',
      null,
      undefined,
      'p.png',
      '/p.png',
      '//x/p.png',
      'javascript:alert(1)',
      'data:,x',
      'ftp://x/'
    ]) {
      expect(absoluteHttpUrl(bad)).toBeNull();
    }
  });
});

describe('placeholders speak the translator they are given', () => {
  it('writes the placeholder, its address note and Load once through the bundle', () => {
    // A stand-in translator: it marks every string it translates.
    const marked = {
      __: (text: string, ...args: unknown[]) =>
        `«${text.replace(/%(\d)/g, (_, i) => String(args[Number(i) - 1]))}»`
    } as unknown as TranslationBundle;
    const doc = inert(
      `<img src="${PIXEL}"><video></video><img src="data:image/png;base64,AAAA">`
    );
    const { blocked } = neutralize(doc, marked);
    expect(blocked.map(b => b.placeholder.textContent)).toEqual([
      `«Image not loaded: ${PIXEL}»«Load once»`,
      '«Video not loaded: «(no address)»»',
      '«Image not loaded: «data: URL (26 characters)»»'
    ]);
    expect(
      blocked[0].placeholder.querySelector('button')!.getAttribute('title')
    ).toBe('«Load this image from 127.0.0.2:9»');
  });
});
