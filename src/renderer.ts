import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { PanelLayout, Widget } from '@lumino/widgets';

import { renderInertMarkdown } from './markdown/render';
import { parseMimeBundle, ParseResult } from './model';
import type { TraceServices } from './context';

/** Loaded the first time a trace appears: React, the viewer and d3 live there. */
let viewerModule: Promise<typeof import('./output/mount')> | null = null;
function loadViewer(): Promise<typeof import('./output/mount')> {
  if (!viewerModule) {
    viewerModule = import('./output/mount');
    viewerModule.catch(() => (viewerModule = null));
  }
  return viewerModule;
}

const CLASS_NAME = 'jp-MlflowTraceOutput';
/** Set on a notebook panel whose trace display is switched off. */
export const DISPLAY_OFF_CLASS = 'jp-MlflowTraces-displayOff';
const REVEALED_CLASS = 'jp-mod-revealed';

/**
 * JupyterLab matches notebook shortcuts (arrows, Enter, Space...) against the
 * focused element itself, before any handler of ours runs; Lumino skips them
 * only when that element carries `data-lm-suppress-shortcuts`. Marking whatever
 * gets focus inside a trace output lets the tree, buttons and resize handle own
 * their keys.
 */
function suppressShortcutsOnFocus(event: FocusEvent): void {
  const target = event.target as HTMLElement | null;
  if (target && !target.closest('.jp-MlflowTraceOutput-delegated')) {
    target.setAttribute('data-lm-suppress-shortcuts', '');
  }
}

/**
 * A MIME renderer for every MLflow payload. For `text/html` it shows MLflow's
 * notebook iframe natively and hands any other HTML to JupyterLab's own
 * renderer, so ordinary HTML outputs keep their sanitizing and trust rules.
 */
export class TraceRenderer extends Widget implements IRenderMime.IRenderer {
  constructor(
    private readonly _options: IRenderMime.IRendererOptions,
    private readonly _services: TraceServices,
    private readonly _htmlFallback: IRenderMime.IRendererFactory | null
  ) {
    super();
    this.layout = new PanelLayout();
    this.addClass(CLASS_NAME);
    this.node.appendChild(this._createPlaceholder());
    this.node.addEventListener('focusin', suppressShortcutsOnFocus);
  }

  /**
   * One line shown instead of the viewer while the notebook's trace display is
   * off (its panel has DISPLAY_OFF_CLASS); "Show" reveals this output only.
   * Nothing in the output itself changes.
   */
  private _createPlaceholder(): HTMLElement {
    const line = document.createElement('div');
    line.className = 'jp-MlflowTraceOutput-placeholder';
    const label = document.createElement('span');
    label.textContent =
      'MLflow trace hidden: trace display is off for this notebook.';
    const show = document.createElement('button');
    show.className = 'jp-MlflowTraceOutput-show';
    show.textContent = 'Show';
    show.addEventListener('click', () => this.addClass(REVEALED_CLASS));
    line.append(label, show);
    return line;
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const result = parseMimeBundle(model.data as Record<string, unknown>);
    if (this._shouldDelegate(result)) {
      return this._renderFallback(model);
    }
    this._disposeFallback();
    this.removeClass('jp-MlflowTraceOutput-delegated');
    try {
      const { mountTraceOutput } = await loadViewer();
      if (this.isDisposed) {
        return;
      }
      this._unmount?.();
      this._unmount = mountTraceOutput(this._host(), {
        result,
        data: model.data,
        services: this._services,
        renderMarkdown: (host, source) => this._renderMarkdown(host, source)
      });
    } catch (error) {
      // The lazy chunk failed to load (e.g. the server went away): say so in place.
      this._host().textContent = `MLflow trace viewer failed to load: ${(error as Error).message}`;
    }
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._unmount?.();
    this._unmount = null;
    super.dispose();
  }

  private _shouldDelegate(result: ParseResult): boolean {
    if (this._options.mimeType !== 'text/html' || !this._htmlFallback) {
      return false;
    }
    return (
      result.kind === 'not-a-trace' ||
      !this._services.settings.replaceMlflowIframe ||
      (result.kind === 'error' && result.mimeType === 'text/html')
    );
  }

  private async _renderFallback(model: IRenderMime.IMimeModel): Promise<void> {
    this._unmount?.();
    this._unmount = null;
    this._reactHost?.remove();
    this._reactHost = null;
    this.addClass('jp-MlflowTraceOutput-delegated');
    if (!this._fallback) {
      this._fallback = this._htmlFallback!.createRenderer(this._options);
      (this.layout as PanelLayout).addWidget(this._fallback);
    }
    return this._fallback.renderModel(model);
  }

  private _disposeFallback(): void {
    this._fallback?.dispose();
    this._fallback = null;
  }

  private _host(): HTMLElement {
    if (!this._reactHost) {
      this._reactHost = document.createElement('div');
      this._reactHost.className = 'jp-MlflowTraceOutput-host';
      this.node.appendChild(this._reactHost);
    }
    return this._reactHost;
  }

  /**
   * Markdown from trace content: JupyterLab's parser and sanitizer, then
   * built inert and neutralized (no remote images, media, forms; no `/files/`
   * resolution; LaTeX left as source) before it reaches the page.
   */
  private async _renderMarkdown(
    host: HTMLElement,
    source: string
  ): Promise<void> {
    await renderInertMarkdown(host, source, {
      sanitizer: this._options.sanitizer,
      markdownParser: this._options.markdownParser ?? null
    });
  }

  private _fallback: IRenderMime.IRenderer | null = null;
  private _reactHost: HTMLElement | null = null;
  private _unmount: (() => void) | null = null;
}
