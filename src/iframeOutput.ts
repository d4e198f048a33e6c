/**
 * MLflow's notebook iframe, shown natively inside JupyterLab's own HTML
 * renderer.
 *
 * Why not a renderer of our own for it: JupyterLab picks an output's renderer
 * by MIME type and rank alone (`preferredMimeType`) and creates it before it
 * has the bundle, so no factory can take only MLflow's `text/html` and decline
 * the rest. And rewriting such outputs into this extension's MIME type would
 * change the notebook model, so saved files would no longer round-trip.
 *
 * So the `text/html` factory stays JupyterLab's, decorated: every HTML output
 * gets the stock renderer itself (the same widget, node, classes and
 * lifecycle as without this extension). Only its `renderModel` looks first:
 * when the HTML is MLflow's trace iframe and "Replace MLflow's notebook
 * iframe" is on, the native viewer is shown in that node instead. Other HTML
 * costs one substring search per render and nothing else.
 */
import { IRenderMime } from '@jupyterlab/rendermime-interfaces';

import { namesMlflowTraces } from './model/iframe';
import { HTML_MIME } from './model/types';
import { TRACE_OUTPUT_CLASS, TraceOutputView } from './renderer';
import type { IViewerSettings } from './settings';
import type { ITraceServices } from './tokens';

/**
 * JupyterLab's HTML styles (tables, lists, code) would reach into the viewer:
 * they are off the node while it shows the viewer.
 */
const STOCK_HTML_CLASSES = ['jp-RenderedHTMLCommon', 'jp-RenderedHTML'];

type RenderModel = (
  model: IRenderMime.IMimeModel,
  ...rest: unknown[]
) => Promise<void>;

/** A renderer of `stock`, that shows MLflow's trace iframe natively. */
export function createIframeAwareRenderer(
  stock: IRenderMime.IRendererFactory,
  options: IRenderMime.IRendererOptions,
  services: ITraceServices
): IRenderMime.IRenderer {
  return new MlflowIframeSwitch(stock, options, services).renderer;
}

class MlflowIframeSwitch {
  constructor(
    stock: IRenderMime.IRendererFactory,
    options: IRenderMime.IRendererOptions,
    private readonly _services: ITraceServices
  ) {
    const typesetter = options.latexTypesetter;
    this.renderer = stock.createRenderer({
      ...options,
      // The stock renderer typesets its whole node when attached; never the viewer.
      latexTypesetter: typesetter && {
        typeset: node =>
          this._view.isShown ? undefined : typesetter.typeset(node)
      }
    });
    this._view = new TraceOutputView(this.renderer.node, options, _services);
    this._renderStock = this.renderer.renderModel.bind(this.renderer);
    this.renderer.renderModel = (model, ...rest: unknown[]) =>
      this._render(model, rest);
    this.renderer.disposed.connect(this._dispose, this);
  }

  /** The stock HTML renderer: what JupyterLab's output area holds. */
  readonly renderer: IRenderMime.IRenderer;

  private _render(
    model: IRenderMime.IMimeModel,
    rest: unknown[]
  ): Promise<void> {
    this._model = model;
    const isIframe = namesMlflowTraces(model.data[HTML_MIME]);
    this._isIframe = isIframe;
    if (isIframe && !this._listening) {
      // Only MLflow's iframe moves when the setting changes.
      this._services.settingsChanged.connect(this._onSettingsChanged, this);
      this._listening = true;
    }
    if (isIframe && this._services.settings.replaceMlflowIframe) {
      return this._showViewer(model);
    }
    this._hideViewer();
    return this._renderStock(model, ...rest);
  }

  private _showViewer(model: IRenderMime.IMimeModel): Promise<void> {
    const node = this.renderer.node;
    if (!this._view.isShown) {
      this._removedClasses = STOCK_HTML_CLASSES.filter(name =>
        node.classList.contains(name)
      );
      node.classList.remove(...this._removedClasses);
      node.classList.add(TRACE_OUTPUT_CLASS);
      node.replaceChildren(); // what the stock renderer showed before
    }
    return this._view.show(model.data);
  }

  private _hideViewer(): void {
    if (!this._view.isShown) {
      return;
    }
    this._view.clear();
    const node = this.renderer.node;
    node.classList.remove(TRACE_OUTPUT_CLASS);
    node.classList.add(...this._removedClasses);
  }

  private _onSettingsChanged(
    _: ITraceServices,
    settings: Readonly<IViewerSettings>
  ): void {
    const shown = this._view.isShown;
    if (
      this._model &&
      this._isIframe &&
      shown !== settings.replaceMlflowIframe
    ) {
      void this._render(this._model, []);
    }
  }

  private _dispose(): void {
    this._view.clear();
    this._services.settingsChanged.disconnect(this._onSettingsChanged, this);
    this._model = null;
  }

  private readonly _view: TraceOutputView;
  private readonly _renderStock: RenderModel;
  private _model: IRenderMime.IMimeModel | null = null;
  private _isIframe = false;
  private _removedClasses: string[] = [];
  private _listening = false;
}
