import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';

import type { TranslationBundle } from './components/i18n';
import type { IMountedTraceOutput } from './output/mount';
import type { IViewerSettings } from './settings';
import type { ITraceServices } from './tokens';
import { loadTrans } from './translation';
import { loadViewer } from './viewerLoader';

/** Set on an output node while it shows the native viewer. */
export const TRACE_OUTPUT_CLASS = 'jp-MlflowTraceOutput';
/** Set on a notebook panel whose trace display is switched off. */
export const DISPLAY_OFF_CLASS = 'jp-MlflowTraces-displayOff';
const REVEALED_CLASS = 'jp-mod-revealed';

/**
 * The native viewer inside one output node: the one line shown while the
 * notebook's trace display is off, the viewer's React host, and the settings
 * it follows. Used by the renderer of this extension's MIME types and, in the
 * stock HTML renderer's node, for MLflow's iframe (iframeOutput.ts).
 */
export class TraceOutputView {
  constructor(
    private readonly _node: HTMLElement,
    private readonly _options: IRenderMime.IRendererOptions,
    private readonly _services: ITraceServices
  ) {
    // Rendermime hands every renderer the application's translator.
    this._trans = loadTrans(_options.translator);
  }

  /** Whether the viewer (or its loading or load error) is in the node. */
  get isShown(): boolean {
    return this._host !== null;
  }

  /** Parse the bundle (in the viewer's chunk) and show it. */
  async show(data: Readonly<Record<string, unknown>>): Promise<void> {
    const generation = ++this._generation;
    const host = this._ensureHost();
    if (!this._listening) {
      this._services.settingsChanged.connect(this._onSettingsChanged, this);
      this._listening = true;
    }
    try {
      const { mountTraceOutput, parseOutputBundle } = await loadViewer();
      if (generation !== this._generation) {
        return; // cleared, or another model arrived meanwhile
      }
      this._mounted?.unmount();
      this._mounted = mountTraceOutput(host, {
        result: parseOutputBundle(data as Record<string, unknown>),
        data: data as Record<string, unknown>,
        settings: this._services.settings,
        services: this._services,
        trans: this._trans,
        renderMarkdown: (target, source) => this._renderMarkdown(target, source)
      });
    } catch (error) {
      // The lazy chunk failed to load (e.g. the server went away): say so in place.
      if (generation === this._generation) {
        host.textContent = this._trans.__(
          'MLflow trace viewer failed to load: %1',
          (error as Error).message
        );
      }
    }
  }

  /** Take out of the node all that `show` put there. */
  clear(): void {
    this._generation++;
    if (this._listening) {
      this._services.settingsChanged.disconnect(this._onSettingsChanged, this);
      this._listening = false;
    }
    this._mounted?.unmount();
    this._mounted = null;
    this._placeholder?.remove();
    this._placeholder = null;
    this._host?.remove();
    this._host = null;
    this._node.classList.remove(REVEALED_CLASS);
  }

  private _ensureHost(): HTMLElement {
    if (!this._host) {
      this._placeholder = this._createPlaceholder();
      this._host = document.createElement('div');
      this._host.className = 'jp-MlflowTraceOutput-host';
      this._node.append(this._placeholder, this._host);
    }
    return this._host;
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
    label.textContent = this._trans.__(
      'MLflow trace hidden: trace display is off for this notebook.'
    );
    const show = document.createElement('button');
    show.className = 'jp-MlflowTraceOutput-show';
    show.textContent = this._trans.__('Show');
    show.addEventListener('click', () =>
      this._node.classList.add(REVEALED_CLASS)
    );
    line.append(label, show);
    return line;
  }

  /** The user changed a setting: the open viewer takes the new values. */
  private _onSettingsChanged(
    _: ITraceServices,
    settings: Readonly<IViewerSettings>
  ): void {
    this._mounted?.update({ settings });
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

  private readonly _trans: TranslationBundle;
  private _placeholder: HTMLElement | null = null;
  private _host: HTMLElement | null = null;
  private _mounted: IMountedTraceOutput | null = null;
  private _generation = 0;
  private _listening = false;
}

/**
 * The MIME renderer of this extension's own types (the embedded trace and
 * Databricks' payload): every output it gets is shown by the native viewer.
 */
export class TraceRenderer extends Widget implements IRenderMime.IRenderer {
  constructor(options: IRenderMime.IRendererOptions, services: ITraceServices) {
    super();
    this.addClass(TRACE_OUTPUT_CLASS);
    this._view = new TraceOutputView(this.node, options, services);
  }

  renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    return this._view.show(model.data);
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._view.clear();
    super.dispose();
  }

  private readonly _view: TraceOutputView;
}
