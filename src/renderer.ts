import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { PanelLayout, Widget } from '@lumino/widgets';

import { mlflowIframeOf } from './model/iframe';
import {
  DATABRICKS_TRACE_MIME,
  HTML_MIME,
  MLFLOW_TRACE_MIME,
  type ParseResult
} from './model/types';
import type { IMountedTraceOutput } from './output/mount';
import type { IViewerSettings } from './settings';
import type { ITraceServices } from './tokens';
import { loadViewer } from './viewerLoader';

const CLASS_NAME = 'jp-MlflowTraceOutput';
/** Set on a notebook panel whose trace display is switched off. */
export const DISPLAY_OFF_CLASS = 'jp-MlflowTraces-displayOff';
const REVEALED_CLASS = 'jp-mod-revealed';

/**
 * What an output shows, as far as choosing between the viewer and
 * JupyterLab's HTML renderer goes: `trace` (traces, ids, or an error in an
 * MLflow payload), `other-html` (HTML that is not MLflow's trace iframe, or
 * such an iframe naming no trace), `unknown` until the full parse has run.
 */
type OutputKind = 'trace' | 'other-html' | 'unknown';

/**
 * Read cheaply, without the trace model: when HTML is the only MLflow type in
 * the bundle (as whenever JupyterLab picks the HTML renderer: the trace types
 * rank above it), only MLflow's iframe decides, as in `parseMimeBundle`.
 */
function htmlOutputKind(data: Record<string, unknown>): OutputKind {
  if (MLFLOW_TRACE_MIME in data || DATABRICKS_TRACE_MIME in data) {
    return 'unknown';
  }
  try {
    const iframe = mlflowIframeOf(data[HTML_MIME]);
    return iframe && iframe.references.length > 0 ? 'trace' : 'other-html';
  } catch {
    return 'other-html';
  }
}

/** The same from the full parse. */
function outputKindOf(result: ParseResult): OutputKind {
  return result.kind === 'not-a-trace' ||
    (result.kind === 'error' && result.mimeType === HTML_MIME)
    ? 'other-html'
    : 'trace';
}

/**
 * A MIME renderer for every MLflow payload. For `text/html` it shows MLflow's
 * notebook iframe natively and hands any other HTML to JupyterLab's own
 * renderer, so ordinary HTML outputs keep their sanitizing and trust rules.
 */
export class TraceRenderer extends Widget implements IRenderMime.IRenderer {
  constructor(
    private readonly _options: IRenderMime.IRendererOptions,
    private readonly _services: ITraceServices,
    private readonly _htmlFallback: IRenderMime.IRendererFactory | null
  ) {
    super();
    this._settings = _services.settings;
    _services.settingsChanged.connect(this._onSettingsChanged, this);
    this.layout = new PanelLayout();
    this.addClass(CLASS_NAME);
    this.node.appendChild(this._createPlaceholder());
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
    this._model = model;
    const data = model.data as Record<string, unknown>;
    // Other HTML goes to the stock renderer without loading the viewer.
    this._kind = this._htmlFallback ? htmlOutputKind(data) : 'trace';
    if (this._shouldDelegate(this._kind)) {
      return this._renderFallback(model);
    }
    this._disposeFallback();
    this.removeClass('jp-MlflowTraceOutput-delegated');
    try {
      const { mountTraceOutput, parseMimeBundle } = await loadViewer();
      if (this.isDisposed) {
        return;
      }
      const result = parseMimeBundle(data);
      this._kind = outputKindOf(result);
      if (this._shouldDelegate(this._kind)) {
        return this._renderFallback(model);
      }
      this._mounted?.unmount();
      this._mounted = mountTraceOutput(this._host(), {
        result,
        data: model.data,
        settings: this._settings,
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
    this._services.settingsChanged.disconnect(this._onSettingsChanged, this);
    this._mounted?.unmount();
    this._mounted = null;
    this._model = null;
    super.dispose();
  }

  /**
   * The user changed a setting: hand the new values to the open output, or
   * render it again when it moves between the native viewer and the stock
   * HTML renderer ("Replace MLflow's notebook iframe").
   */
  private _onSettingsChanged(
    _: ITraceServices,
    settings: Readonly<IViewerSettings>
  ): void {
    const previous = this._settings;
    this._settings = settings;
    if (!this._model || this.isDisposed) {
      return;
    }
    if (previous.replaceMlflowIframe !== settings.replaceMlflowIframe) {
      // Only MLflow's iframe moves; other HTML is never rendered twice.
      const before = this._shouldDelegate(this._kind, previous);
      if (before !== this._shouldDelegate(this._kind, settings)) {
        void this.renderModel(this._model);
        return;
      }
    }
    this._mounted?.update({ settings });
  }

  private _shouldDelegate(
    kind: OutputKind | null,
    settings: Readonly<IViewerSettings> = this._settings
  ): boolean {
    if (!kind || this._options.mimeType !== HTML_MIME || !this._htmlFallback) {
      return false;
    }
    return kind === 'other-html' || !settings.replaceMlflowIframe;
  }

  private async _renderFallback(model: IRenderMime.IMimeModel): Promise<void> {
    this._mounted?.unmount();
    this._mounted = null;
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
    // Only a mounted viewer asks, so its chunk (which has the renderer) is here.
    const { renderInertMarkdown } = await loadViewer();
    await renderInertMarkdown(host, source, {
      sanitizer: this._options.sanitizer,
      markdownParser: this._options.markdownParser ?? null
    });
  }

  private _fallback: IRenderMime.IRenderer | null = null;
  private _reactHost: HTMLElement | null = null;
  private _mounted: IMountedTraceOutput | null = null;
  private _model: IRenderMime.IMimeModel | null = null;
  private _kind: OutputKind | null = null;
  private _settings: Readonly<IViewerSettings>;
}
