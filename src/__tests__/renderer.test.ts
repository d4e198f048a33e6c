// @vitest-environment jsdom
/**
 * Settings reach open outputs through `settingsChanged`: the renderer hands
 * them to the mounted output, and moves MLflow's iframe between the native
 * viewer and the stock HTML renderer, never re-rendering other HTML.
 */
import * as fs from 'fs';
import * as path from 'path';
import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';
import { waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { IServerStatus } from '../api';
import { TraceServices } from '../context';
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

/** Stand-in for JupyterLab's HTML renderer: counts what it is asked to render. */
function recordingHtmlFactory(
  rendered: string[]
): IRenderMime.IRendererFactory {
  return {
    safe: true,
    mimeTypes: ['text/html'],
    createRenderer: () => {
      const widget = new Widget() as Widget & IRenderMime.IRenderer;
      widget.renderModel = async model => {
        rendered.push(String(model.data['text/html']).slice(0, 20));
      };
      return widget;
    }
  };
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
      owner,
      null
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

  it('"Replace MLflow\u2019s notebook iframe" moves open iframe outputs; other HTML is left alone', async () => {
    const owner = services();
    await owner.applySettings(readSettings({ replaceMlflowIframe: false }));
    const rendered: string[] = [];
    const stock = recordingHtmlFactory(rendered);
    const iframe = new TraceRenderer(options('text/html'), owner, stock);
    const plain = new TraceRenderer(options('text/html'), owner, stock);
    await iframe.renderModel(mimeModel(bundle('decorated.iframe.json')));
    await plain.renderModel(mimeModel({ 'text/html': '<b>just html</b>' }));
    expect(rendered).toHaveLength(2);

    await owner.applySettings(readSettings({ replaceMlflowIframe: true }));
    await waitFor(() =>
      expect(
        iframe.node.querySelector('.jp-MlflowTrace-referenceCard')
      ).not.toBeNull()
    );
    expect(rendered).toHaveLength(2);
    expect(plain.hasClass('jp-MlflowTraceOutput-delegated')).toBe(true);
    iframe.dispose();
    plain.dispose();
  });
});
