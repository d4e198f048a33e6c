/**
 * Makes sanitized trace HTML load nothing. Runs on a tree that lives in an
 * inert document (DOMParser), before any node reaches the live page: an
 * `<img>` created in the live document starts loading even while detached.
 *
 * JupyterLab's sanitizer keeps `<img>`, `<video poster>`, `<audio>`, forms
 * and CSS `url()`; this pass removes or replaces everything that could fetch,
 * navigate on its own or clobber globals. Media become a placeholder naming
 * the address; images with an absolute http(s) address get a "Load once"
 * button that loads that one image on click.
 */
import { englishBundle, TranslationBundle } from '../components/i18n';
import { safeHttpUrl } from '../components/state/format';

/** Elements dropped with their content: they load, run or restyle the page. */
const DROPPED = new Set([
  'script',
  'style',
  'link',
  'meta',
  'base',
  'template',
  'noscript',
  'input',
  'select',
  'datalist',
  'option',
  'optgroup',
  'textarea',
  'param',
  'source',
  'track',
  // SVG: fonts and animations (which can rewrite an href after the fact).
  'font-face',
  'font-face-src',
  'font-face-uri',
  'animate',
  'animatemotion',
  'animatetransform',
  'set',
  'discard'
]);

/** Elements replaced by a placeholder, with the label it shows. */
const MEDIA: Record<string, string> = {
  img: 'Image',
  picture: 'Image',
  image: 'Image',
  feimage: 'Image',
  video: 'Video',
  audio: 'Audio',
  iframe: 'Frame',
  frame: 'Frame',
  frameset: 'Frame',
  portal: 'Frame',
  fencedframe: 'Frame',
  object: 'Embedded object',
  embed: 'Embedded object',
  applet: 'Embedded object'
};

/** Attributes that fetch, submit or navigate, on any element. */
const URL_ATTRIBUTES = new Set([
  'src',
  'srcset',
  'sizes',
  'srcdoc',
  'poster',
  'background',
  'lowsrc',
  'dynsrc',
  'longdesc',
  'formaction',
  'action',
  'ping',
  'data',
  'codebase',
  'classid',
  'archive',
  'manifest',
  'icon',
  'profile',
  'download',
  // Named access (`window.x`) and focus or key theft.
  'id',
  'name',
  'autofocus',
  'accesskey'
]);

/** CSS that can fetch: url(), image-set(), @import, and escapes that could spell them. */
const FETCHING_CSS =
  /\\|url\s*\(|image-set|image\s*\(|@import|src\s*\(|cross-fade|element\s*\(|paint\s*\(/i;

const SVG_NS = 'http://www.w3.org/2000/svg';
const HTML_NS = 'http://www.w3.org/1999/xhtml';

/** Longest address shown in a placeholder. */
const SHOWN_URL_CHARS = 300;

export const BLOCKED_CLASS = 'jp-MlflowTrace-blocked';

/** One medium that was not loaded. */
export interface IBlockedMedia {
  /** "Image", "Video", "Audio", "Frame", "Embedded object". */
  kind: string;
  /** The address as written in the content ('' when there was none). */
  url: string;
  /** The absolute http(s) address "Load once" would load, else null. */
  loadable: string | null;
  placeholder: HTMLElement;
}

export interface INeutralizeReport {
  blocked: IBlockedMedia[];
  /** Elements dropped (scripts, styles, links, form controls...). */
  dropped: number;
}

/** The normalized address when `value` is an absolute http(s) URL, else null. */
export function absoluteHttpUrl(
  value: string | null | undefined
): string | null {
  // Parsed without a base: relative and protocol-relative addresses fail.
  return safeHttpUrl(value)?.href ?? null;
}

/** One pass: what it found, and the bundle its placeholders speak. */
interface IPass {
  report: INeutralizeReport;
  trans: TranslationBundle;
}

/**
 * Neutralize `root`'s subtree in place (its own document); see the module
 * comment. Placeholders are written through `trans` (English by default).
 */
export function neutralize(
  root: Document | DocumentFragment | Element,
  trans: TranslationBundle = englishBundle
): INeutralizeReport {
  const pass: IPass = { report: { blocked: [], dropped: 0 }, trans };
  walk(root, pass);
  return pass.report;
}

function walk(parent: ParentNode, pass: IPass): void {
  for (const el of Array.from(parent.children)) {
    const kept = neutralizeElement(el, pass);
    if (kept) {
      walk(kept, pass);
    }
  }
}

/** Handles one element; returns the element whose children to visit next, if any. */
function neutralizeElement(el: Element, pass: IPass): Element | null {
  const { report } = pass;
  const name = el.localName.toLowerCase();
  if (DROPPED.has(name)) {
    el.remove();
    report.dropped++;
    return null;
  }
  const kind = MEDIA[name];
  if (kind) {
    replaceMedia(el, kind, pass);
    return null;
  }
  if (name === 'use' && el.namespaceURI === SVG_NS) {
    const ref = hrefOf(el);
    if (ref !== null && !ref.trim().startsWith('#')) {
      el.remove();
      report.dropped++;
      return null;
    }
  }
  let current = el;
  if (el.namespaceURI === HTML_NS && (name === 'form' || name === 'button')) {
    // Keep what they say, not what they do.
    current = rename(el, name === 'form' ? 'div' : 'span');
  }
  cleanAttributes(current);
  return current;
}

function cleanAttributes(el: Element): void {
  const isHtml = el.namespaceURI === HTML_NS;
  const isLink = isHtml && el.localName === 'a';
  for (const attr of Array.from(el.attributes)) {
    const name = attr.name.toLowerCase();
    const local = attr.localName.toLowerCase();
    // SVG presentation attributes are CSS too: fill="url(https://…#p)".
    const isCss = name === 'style' || !isHtml;
    if (
      name.startsWith('on') ||
      URL_ATTRIBUTES.has(name) ||
      (local === 'href' && !(isLink && name === 'href')) ||
      (isCss && FETCHING_CSS.test(attr.value))
    ) {
      el.removeAttributeNode(attr);
    }
  }
  if (isLink) {
    const href = absoluteHttpUrl(el.getAttribute('href'));
    if (href) {
      el.setAttribute('href', href);
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer');
    } else {
      // javascript:, data:, relative (would resolve against Jupyter), fragments.
      el.removeAttribute('href');
      el.removeAttribute('target');
      el.removeAttribute('rel');
    }
  }
}

/** `el` replaced by a new element named `tag` holding its children (attributes left behind). */
function rename(el: Element, tag: string): Element {
  const next = el.ownerDocument.createElement(tag);
  for (const cls of ['class', 'title', 'dir', 'lang']) {
    const value = el.getAttribute(cls);
    if (value !== null) {
      next.setAttribute(cls, value);
    }
  }
  next.append(...Array.from(el.childNodes));
  el.replaceWith(next);
  return next;
}

function hrefOf(el: Element): string | null {
  return (
    el.getAttribute('href') ??
    el.getAttributeNS('http://www.w3.org/1999/xlink', 'href')
  );
}

/** The first address of a `srcset` ("a.png 1x, b.png 2x" gives "a.png"). */
function firstSrcset(value: string | null): string {
  return (value ?? '').trim().split(/\s+/)[0]?.replace(/,$/, '') ?? '';
}

/** The address a medium would have loaded first. */
function mediaUrl(el: Element): string {
  const own =
    el.getAttribute('src') ||
    el.getAttribute('data') ||
    hrefOf(el) ||
    firstSrcset(el.getAttribute('srcset'));
  if (own) {
    return own;
  }
  for (const inner of Array.from(el.querySelectorAll('img, source'))) {
    const url =
      inner.getAttribute('src') || firstSrcset(inner.getAttribute('srcset'));
    if (url) {
      return url;
    }
  }
  if (el.hasAttribute('srcdoc')) {
    return '(inline document)';
  }
  return el.getAttribute('poster') ?? '';
}

function replaceMedia(
  el: Element,
  kind: string,
  { report, trans }: IPass
): void {
  const url = mediaUrl(el).trim();
  const loadable = kind === 'Image' ? absoluteHttpUrl(url) : null;
  const alt =
    el.getAttribute('alt') ??
    el.querySelector('img')?.getAttribute('alt') ??
    '';
  const placeholder = createPlaceholder(
    el.ownerDocument,
    kind,
    url,
    loadable,
    alt,
    trans
  );
  // SVG images sit inside an <svg>: put the (HTML) placeholder after it.
  const svg = el.namespaceURI === SVG_NS ? outermostSvg(el) : null;
  if (svg) {
    svg.after(placeholder);
    el.remove();
  } else {
    el.replaceWith(placeholder);
  }
  report.blocked.push({ kind, url, loadable, placeholder });
}

function outermostSvg(el: Element): Element | null {
  let top: Element | null = null;
  for (let p = el.parentElement; p; p = p.parentElement) {
    if (p.namespaceURI === SVG_NS && p.localName === 'svg') {
      top = p;
    }
  }
  return top;
}

function describeUrl(url: string, trans: TranslationBundle): string {
  if (url === '') {
    return trans.__('(no address)');
  }
  if (/^data:/i.test(url)) {
    return trans.__(
      'data: URL (%1 characters)',
      url.length.toLocaleString('en-US')
    );
  }
  return url.length > SHOWN_URL_CHARS
    ? `${url.slice(0, SHOWN_URL_CHARS)}…`
    : url;
}

/**
 * "<kind> not loaded: <url>", plus "Load once" for an absolute http(s)
 * image. Built in `doc` (the inert document); the click listener travels
 * with the nodes when they are adopted into the live page.
 */
function createPlaceholder(
  doc: Document,
  kind: string,
  url: string,
  loadable: string | null,
  alt: string,
  trans: TranslationBundle
): HTMLElement {
  const box = doc.createElement('span');
  box.className = BLOCKED_CLASS;
  box.setAttribute('data-kind', kind);
  const text = doc.createElement('span');
  text.className = 'jp-MlflowTrace-blockedText';
  text.textContent = notLoaded(kind, describeUrl(url, trans), trans);
  box.append(text);
  if (loadable) {
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'jp-MlflowTrace-miniButton jp-MlflowTrace-loadOnce';
    button.textContent = trans.__('Load once');
    button.title = trans.__('Load this image from %1', new URL(loadable).host);
    button.addEventListener('click', event => {
      // The placeholder may sit inside a link: load, do not navigate.
      event.preventDefault();
      event.stopPropagation();
      loadOnce(box, loadable, alt);
    });
    box.append(button);
  }
  return box;
}

/** Replace the placeholder by the image, created in the document it now lives in. */
function loadOnce(box: HTMLElement, url: string, alt: string): void {
  const img = box.ownerDocument.createElement('img');
  img.className = 'jp-MlflowTrace-loadedImage';
  img.referrerPolicy = 'no-referrer';
  img.alt = alt;
  img.title = url;
  img.src = url;
  box.replaceWith(img);
}

/** "<kind> not loaded: <address>", one whole sentence per kind for translators. */
function notLoaded(
  kind: string,
  shown: string,
  trans: TranslationBundle
): string {
  switch (kind) {
    case 'Image':
      return trans.__('Image not loaded: %1', shown);
    case 'Video':
      return trans.__('Video not loaded: %1', shown);
    case 'Audio':
      return trans.__('Audio not loaded: %1', shown);
    case 'Frame':
      return trans.__('Frame not loaded: %1', shown);
    default:
      return trans.__('Embedded object not loaded: %1', shown);
  }
}
