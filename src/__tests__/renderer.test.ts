// @vitest-environment jsdom
/**
 * The renderers. This extension's own MIME types: settings reach open
 * outputs through `settingsChanged`. The `text/html` factory: every HTML
 * output gets JupyterLab's stock renderer itself; MLflow's iframe (a fixture
 * the real SDK wrote) is shown natively in that renderer's node, moves with
 * "Replace MLflow's notebook iframe", and is never typeset. The stock
 * renderer is a stand-in that behaves like `RenderedHTML` where it matters
 * (its classes, emptying the node on render, typesetting the node when
 * attached); the real one is compared pixel for pixel in
 * ui-tests/tests/html-untouched.spec.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import { waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { IServerStatus } from '../api';
import { TraceServices } from '../context';
import { createHtmlFactory } from '../factories';
import { TraceRenderer } from '../renderer';
import { readSettings } from '../settings';

// jsdom has no DragEvent; @lumino/dragdrop (under @lumino/widgets) needs one to load.
vi.hoisted(() => {
  const g = globalThis as any;
  g.DragEvent ??= class DragEvent extends MouseEvent {};
});
// The markdown path is not exercised here; its JupyterLab packages need a browser.
vi.mock('@jupyterlab/codemirror', () => ({ IEditorLanguageRegistry: {} }));
vi.mock('@jupyterlab/rendermime', () => ({ IMarkdownParser: {} }));
vi.mock('@jupyterlab/mermaid', () => ({ IMermaidMarkdown: {} }));

/** An output's MIME model as JupyterLab hands it to a renderer. */
function mimeModel(data: Record<string, unknown>): IRenderMime.IMimeModel {
  return {
    trusted: false,
    data: data as any,
    metadata: {},
    setData: () => undefined
  };
}

const FIXTURES = path.join(__dirname, '../../fixtures/mlflow-3.17.2');
function bundle(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf-8'))
    .payload;
}

function services(): TraceServices {
  return new TraceServices({
    fetchStatus: async () =>
      ({ tracking_uri: 'http://127.0.0.1:5000' }) as IServerStatus,
    fetchTrace: () => new Promise(() => undefined),
    putTrackingUri: async () => ({})
  });
}

function options(mimeType: string): IRenderMime.IRendererOptions {
  return {
    mimeType,
    sanitizer: { sanitize: (html: string) => html },
    resolver: null,
    linkHandler: null,
    latexTypesetter: null
  } as unknown as IRenderMime.IRendererOptions;
}

describe('TraceRenderer and settingsChanged', () => {
  it('a new viewer height reaches an open output, which stays mounted', async () => {
    const owner = services();
    const renderer = new TraceRenderer(
      options('application/databricks.mlflow.trace'),
      owner
    );
    Widget.attach(renderer, document.body);
    // A full trace in a Databricks payload, as the Galata tests send one.
    await renderer.renderModel(
      mimeModel({
        'application/databricks.mlflow.trace': JSON.stringify(
          bundle('decorated.trace.json')
        )
      })
    );
    const viewer = await waitFor(() => {
      const found = renderer.node.querySelector<HTMLElement>('.jp-MlflowTrace');
      expect(found).not.toBeNull();
      return found!;
    });
    await owner.applySettings(readSettings({ viewerHeight: 200 }));
    await waitFor(() => expect(viewer.style.height).toBe('200px'));
    expect(renderer.node.querySelector('.jp-MlflowTrace')).toBe(viewer);
    renderer.dispose();
  });
});

const PLAIN = { 'text/html': '<b>just html</b>' };
const CARD = '.jp-MlflowTrace-referenceCard';
/** MLflow 3.17.2's own notebook output: its iframe HTML (and text/plain). */
const IFRAME = bundle('decorated.iframe.json');

/** The reference card the viewer shows for the iframe's trace (another host). */
function cardOf(renderer: Widget): Promise<Element> {
  return waitFor(() => {
    const found = renderer.node.querySelector(CARD);
    expect(found).not.toBeNull();
    return found!;
  });
}

/** What the stand-in stock renderers were asked to do. */
interface IStockLog {
  created: StockHtml[];
  rendered: string[];
  typeset: HTMLElement[];
}

/** Like JupyterLab's RenderedHTML: its classes, an emptied node per render, typesetting on attach. */
class StockHtml extends Widget implements IRenderMime.IRenderer {
  constructor(
    private readonly _options: IRenderMime.IRendererOptions,
    private readonly _log: IStockLog
  ) {
    super();
    this.addClass('jp-RenderedHTMLCommon');
    this.addClass('jp-RenderedHTML');
    this.node.dataset['mimeType'] = 'text/html';
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const source = String(model.data['text/html']);
    this._log.rendered.push(source);
    const shown = document.createElement('span');
    shown.className = 'stock-content';
    shown.textContent = source.slice(0, 20);
    this.node.replaceChildren(shown);
  }

  protected onAfterAttach(msg: Message): void {
    void this._options.latexTypesetter?.typeset(this.node);
  }
}

function stockFactory(): {
  factory: IRenderMime.IRendererFactory;
  log: IStockLog;
} {
  const log: IStockLog = { created: [], rendered: [], typeset: [] };
  const factory: IRenderMime.IRendererFactory = {
    safe: true,
    mimeTypes: ['text/html'],
    defaultRank: 50,
    createRenderer: options => {
      const widget = new StockHtml(options, log);
      log.created.push(widget);
      return widget;
    }
  };
  return { factory, log };
}

function htmlOptions(log: IStockLog): IRenderMime.IRendererOptions {
  return {
    mimeType: 'text/html',
    sanitizer: { sanitize: (html: string) => html },
    resolver: null,
    linkHandler: null,
    latexTypesetter: { typeset: (node: HTMLElement) => log.typeset.push(node) }
  } as unknown as IRenderMime.IRendererOptions;
}

/** The decorated HTML factory over a stand-in stock one, and one renderer of it. */
function htmlRenderer(owner: TraceServices = services()) {
  const { factory, log } = stockFactory();
  const html = createHtmlFactory(factory, owner);
  return { html, log, renderer: html.createRenderer(htmlOptions(log)) };
}

const STOCK_CLASSES = ['jp-RenderedHTML', 'jp-RenderedHTMLCommon', 'lm-Widget'];

function classesOf(widget: Widget): string[] {
  return Array.from(widget.node.classList).sort();
}

describe('the text/html factory', () => {
  it('gives ordinary HTML the stock renderer itself, unchanged', async () => {
    const { html, log, renderer } = htmlRenderer();
    expect(html.safe).toBe(true);
    expect(html.defaultRank).toBe(50);
    expect(renderer).toBe(log.created[0]);
    await renderer.renderModel(mimeModel(PLAIN));
    Widget.attach(renderer, document.body);

    expect(log.rendered).toEqual(['<b>just html</b>']);
    expect(classesOf(renderer)).toEqual(STOCK_CLASSES);
    expect(
      Array.from(renderer.node.children, child => child.className)
    ).toEqual(['stock-content']);
    // JupyterLab's typesetting reaches ordinary HTML as before.
    expect(log.typeset).toEqual([renderer.node]);
    renderer.dispose();
  });

  it('shows MLflow\u2019s iframe natively in the stock node, without JupyterLab\u2019s HTML styles or typesetting', async () => {
    const { log, renderer } = htmlRenderer();
    await renderer.renderModel(mimeModel(IFRAME));
    Widget.attach(renderer, document.body);

    await cardOf(renderer);
    expect(renderer.node.querySelector('iframe')).toBeNull();
    expect(log.rendered).toEqual([]);
    expect(log.typeset).toEqual([]);
    expect(classesOf(renderer)).toEqual(['jp-MlflowTraceOutput', 'lm-Widget']);
    expect(renderer.node.dataset['mimeType']).toBe('text/html');
    renderer.dispose();
  });

  it('moves one output between the viewer and the stock renderer when its display is updated', async () => {
    const { log, renderer } = htmlRenderer();
    await renderer.renderModel(mimeModel(IFRAME));
    await cardOf(renderer);

    await renderer.renderModel(mimeModel(PLAIN));
    expect(renderer.node.querySelector(CARD)).toBeNull();
    expect(
      renderer.node.querySelector('.jp-MlflowTraceOutput-host')
    ).toBeNull();
    expect(classesOf(renderer)).toEqual(STOCK_CLASSES);
    expect(log.rendered).toEqual(['<b>just html</b>']);

    await renderer.renderModel(mimeModel(IFRAME));
    await cardOf(renderer);
    expect(renderer.node.querySelector('.stock-content')).toBeNull();
    renderer.dispose();
  });

  it('"Replace MLflow\u2019s notebook iframe" moves open iframe outputs; other HTML is not rendered again', async () => {
    const owner = services();
    await owner.applySettings(readSettings({ replaceMlflowIframe: false }));
    const { html, log, renderer: iframe } = htmlRenderer(owner);
    const plain = html.createRenderer(htmlOptions(log));
    await iframe.renderModel(mimeModel(IFRAME));
    await plain.renderModel(mimeModel(PLAIN));
    expect(log.rendered).toHaveLength(2);
    expect(iframe.hasClass('jp-RenderedHTMLCommon')).toBe(true);

    await owner.applySettings(readSettings({ replaceMlflowIframe: true }));
    await cardOf(iframe);
    expect(iframe.hasClass('jp-RenderedHTMLCommon')).toBe(false);
    expect(log.rendered).toHaveLength(2);

    await owner.applySettings(readSettings({ replaceMlflowIframe: false }));
    expect(iframe.node.querySelector(CARD)).toBeNull();
    expect(iframe.hasClass('jp-RenderedHTMLCommon')).toBe(true);
    expect(log.rendered).toHaveLength(3);
    expect(log.rendered[2]).toBe(IFRAME['text/html']);
    iframe.dispose();
    plain.dispose();
  });

  it('a disposed output lets go of the viewer and of the settings', async () => {
    const owner = services();
    const { log, renderer } = htmlRenderer(owner);
    await renderer.renderModel(mimeModel(IFRAME));
    const card = await cardOf(renderer);
    renderer.dispose();
    expect(renderer.node.contains(card)).toBe(false);
    await owner.applySettings(readSettings({ replaceMlflowIframe: false }));
    expect(log.rendered).toEqual([]);
  });
});
