/**
 * Markdown from trace content, rendered so that it loads nothing:
 * JupyterLab's markdown parser, then JupyterLab's sanitizer, then the DOM is
 * built in an inert document (no browsing context: nothing loads, nothing
 * runs), neutralized there, and only then adopted into the live host.
 *
 * Deliberately absent, compared with JupyterLab's `renderMarkdown`:
 * - no URL resolver: relative addresses never become `/files/…?_xsrf=…`;
 * - no LaTeX typesetting: MathJax builds its output in the live page and
 *   its safe mode allows http(s) addresses; in Chromium, JupyterLab's MathJax
 *   fetches `\mmlToken{mglyph}[src="http://…"]{}` (an `<img>`) and
 *   `\style{cursor:url(http://…)}{x}`. Math stays as source, with a note;
 * - no link handler: the only links kept open absolute http(s) addresses in a
 *   new browser tab.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
// The module itself, not the package index: that pulls in all of rendermime's widgets.
import { removeMath, replaceMath } from '@jupyterlab/rendermime/lib/latex';

import { englishBundle, TranslationBundle } from '../components/i18n';
import { INeutralizeReport, neutralize } from './neutralize';

export interface IInertMarkdownOptions {
  sanitizer: IRenderMime.ISanitizer;
  /** JupyterLab's markdown parser; without one the text is shown as it is. */
  markdownParser: IRenderMime.IMarkdownParser | null;
  /** The bundle notes and placeholders speak; English without one. */
  trans?: TranslationBundle;
}

/** Render `source` into `host` (replacing its children); see the module comment. */
export async function renderInertMarkdown(
  host: HTMLElement,
  source: string,
  options: IInertMarkdownOptions
): Promise<INeutralizeReport> {
  const doc = host.ownerDocument;
  if (!options.markdownParser) {
    const pre = doc.createElement('pre');
    pre.textContent = source;
    host.replaceChildren(pre);
    return { blocked: [], dropped: 0 };
  }
  // Math is cut out before markdown so that `_` and `*` inside it survive.
  const parts = removeMath(source);
  const html = replaceMath(
    await options.markdownParser.render(parts.text),
    parts.math
  );
  const inert = new DOMParser().parseFromString(
    options.sanitizer.sanitize(html),
    'text/html'
  );
  // The whole document: the parser may hoist <meta>, <link>... into <head>,
  // which is then left behind anyway.
  const trans = options.trans ?? englishBundle;
  const report = neutralize(inert, trans);
  const nodes = Array.from(inert.body.childNodes, node => doc.adoptNode(node));
  if (parts.math.length > 0) {
    const note = doc.createElement('div');
    note.className = 'jp-MlflowTrace-note jp-MlflowTrace-mathNote';
    note.textContent = trans.__(
      'LaTeX is shown as source: typesetting is off for trace content.'
    );
    nodes.unshift(note);
  }
  host.replaceChildren(...nodes);
  return report;
}

/** A `RenderMarkdownFn` for the viewer components. */
export function inertMarkdownRenderer(
  options: IInertMarkdownOptions
): (host: HTMLElement, source: string) => Promise<void> {
  return async (host, source) => {
    await renderInertMarkdown(host, source, options);
  };
}
