import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';

import type { IMountedTraceOutput } from './output/mount';
import type { ITraceOutputProps } from './output/TraceOutput';
import type { IViewerSettings } from './settings';
import type { ITraceServices } from './tokens';
import { loadViewer } from './viewerLoader';
import type { ViewerModule } from './viewerLoader';

/** Set on an output node while it shows the native viewer. */
export const TRACE_OUTPUT_CLASS = 'jp-MlflowTraceOutput';
/** Set on a notebook panel whose trace display is switched off. */
export const DISPLAY_OFF_CLASS = 'jp-MlflowTraces-displayOff';
const REVEALED_CLASS = 'jp-mod-revealed';
/** Set on the viewer's host while it is a placeholder waiting for the viewport. */
export const WAITING_CLASS = 'jp-MlflowTraceOutput-waiting';

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
  ) {}

  /** Whether the viewer (or its loading or load error) is in the node. */
  get isShown(): boolean {
    return this._host !== null;
  }

  /**
   * Parse the bundle (in the viewer's chunk) and show it. Embedded traces far
   * from the viewport first show a light placeholder of the viewer's height,
   * and mount when they come within a screen of it: a notebook of many traced
   * cells opens and scrolls with only the viewers near the user in the page.
   * A mounted viewer stays mounted, so its state (selected span, expanded
   * rows, search) is never lost.
   */
  async show(data: Readonly<Record<string, unknown>>): Promise<void> {
    const generation = ++this._generation;
    const host = this._ensureHost();
    if (!this._listening) {
      this._services.settingsChanged.connect(this._onSettingsChanged, this);
      this._listening = true;
    }
    try {
      const { mountTraceOutput, parseMimeBundle, placeholderHeight } =
        await loadViewer();
      if (generation !== this._generation) {
        return; // cleared, or another model arrived meanwhile
      }
      this._stopWaiting();
      this._mounted?.unmount();
      this._mounted = null;
      const result = parseMimeBundle(data as Record<string, unknown>);
      const props: ITraceOutputProps = {
        result,
        data: data as Record<string, unknown>,
        settings: this._services.settings,
        services: this._services,
        renderMarkdown: (target, source) => this._renderMarkdown(target, source)
      };
      const height = placeholderHeight(result, props.settings);
      if (height === null || typeof IntersectionObserver === 'undefined') {
        this._mounted = mountTraceOutput(host, props);
        return;
      }
      this._waitForViewport(host, height, props, mountTraceOutput);
    } catch (error) {
      // The lazy chunk failed to load (e.g. the server went away): say so in place.
      if (generation === this._generation) {
        host.textContent = `MLflow trace viewer failed to load: ${(error as Error).message}`;
      }
    }
  }

  private _waitForViewport(
    host: HTMLElement,
    height: number,
    props: ITraceOutputProps,
    mount: ViewerModule['mountTraceOutput']
  ): void {
    host.classList.add(WAITING_CLASS);
    host.style.height = `${height}px`;
    this._waitingProps = props;
    // A screen above and below. The notebook scrolls inside its own panel:
    // scrollMargin widens that scroller's clip the way rootMargin widens the
    // viewport's (browsers without it mount on entering the panel's view).
    const init: IntersectionObserverInit & { scrollMargin?: string } = {
      rootMargin: '100% 0px',
      scrollMargin: '100% 0px'
    };
    this._observer = new IntersectionObserver(entries => {
      if (!entries.some(entry => entry.isIntersecting) || !this._waitingProps) {
        return;
      }
      const latest = this._waitingProps;
      this._stopWaiting();
      this._mounted = mount(host, latest);
    }, init);
    this._observer.observe(host);
  }

  /** Take the placeholder away (the viewer mounts, or the output is cleared). */
  private _stopWaiting(): void {
    this._observer?.disconnect();
    this._observer = null;
    this._waitingProps = null;
    if (this._host) {
      this._host.classList.remove(WAITING_CLASS);
      this._host.style.height = '';
    }
  }

  /** Take out of the node all that `show` put there. */
  clear(): void {
    this._generation++;
    this._stopWaiting();
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
    label.textContent =
      'MLflow trace hidden: trace display is off for this notebook.';
    const show = document.createElement('button');
    show.className = 'jp-MlflowTraceOutput-show';
    show.textContent = 'Show';
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
    if (this._waitingProps) {
      this._waitingProps = { ...this._waitingProps, settings };
    }
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

  private _placeholder: HTMLElement | null = null;
  private _host: HTMLElement | null = null;
  private _mounted: IMountedTraceOutput | null = null;
  /** Watches the placeholder for the viewport; null once mounted. */
  private _observer: IntersectionObserver | null = null;
  /** What the viewer mounts with when the placeholder nears the viewport. */
  private _waitingProps: ITraceOutputProps | null = null;
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
