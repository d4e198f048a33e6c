// @vitest-environment jsdom
/**
 * Which renderer JupyterLab picks for an output, with this extension's
 * factories in a real RenderMimeRegistry beside JupyterLab's standard ones:
 * MLflow's payloads get the trace viewer, ordinary outputs keep JupyterLab's
 * renderers. And what a notebook shows when a trace payload is broken: a
 * specific error card in the output, never an exception.
 * Bundles are what MLflow 3.17.2 displayed (fixtures/, written by the real
 * SDK); the broken payloads are hand-written and labelled as such.
 */
import './jsdomShims'; // before any JupyterLab widget module
import * as fs from 'fs';
import * as path from 'path';
import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';
import { waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { IServerStatus } from '../api';
import { TraceServices } from '../context';
import {
  createHtmlFactory,
  createTraceFactories,
  RANK_DATABRICKS,
  RANK_EMBEDDED
} from '../factories';

// The markdown path is not exercised here; its JupyterLab packages need a browser.
vi.mock('@jupyterlab/codemirror', () => ({ IEditorLanguageRegistry: {} }));
vi.mock('@jupyterlab/mermaid', () => ({ IMermaidMarkdown: {} }));

const FIXTURES = path.join(__dirname, '../../fixtures/mlflow-3.17.2');
function fixture(name: string): any {
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

/** JupyterLab's standard factories with this extension's, as index.ts registers them. */
async function registry() {
  const { RenderMimeRegistry, standardRendererFactories } =
    await import('@jupyterlab/rendermime');
  const rendermime = new RenderMimeRegistry({
    initialFactories: standardRendererFactories
  });
  const owner = services();
  const stock = rendermime.getFactory('text/html')!;
  for (const factory of createTraceFactories(owner)) {
    rendermime.addFactory(factory, factory.defaultRank);
  }
  rendermime.addFactory(
    createHtmlFactory(stock, owner),
    rendermime.getRank('text/html')
  );
  return { rendermime, stock };
}

describe('which renderer an output gets', () => {
  it('claims only its own and MLflow’s trace MIME types, ahead of everything else in a bundle', async () => {
    const factories = createTraceFactories(services());
    expect(factories.map(f => [f.mimeTypes, f.defaultRank, f.safe])).toEqual([
      [['application/vnd.mlflow.trace+json'], RANK_EMBEDDED, true],
      [['application/databricks.mlflow.trace'], RANK_DATABRICKS, true]
    ]);
    const { rendermime } = await registry();
    // What the kernel hook displays: the envelope beside a static summary.
    expect(
      rendermime.preferredMimeType({
        'application/vnd.mlflow.trace+json': { version: 2, traces: [] },
        'text/html': '<div class="mlflow-trace-summary">…</div>',
        'text/plain': 'Trace(…)'
      })
    ).toBe('application/vnd.mlflow.trace+json');
    // MLflow's own Databricks output.
    expect(
      rendermime.preferredMimeType(fixture('decorated.databricks.json'))
    ).toBe('application/databricks.mlflow.trace');
  });

  it('leaves every other MIME type to JupyterLab, in an untrusted notebook too', async () => {
    const { rendermime } = await registry();
    for (const bundle of [
      { 'text/plain': 'hello' },
      { 'image/png': 'iVBORw0KGgo=', 'text/plain': '<Figure>' },
      { 'application/json': { a: 1 }, 'text/plain': "{'a': 1}" },
      { 'text/markdown': '# title', 'text/plain': 'title' }
    ]) {
      const chosen = rendermime.preferredMimeType(bundle, 'any')!;
      expect(Object.keys(bundle)).toContain(chosen);
      expect(chosen).not.toMatch(/mlflow/);
    }
    // Untrusted (a notebook from someone else): traces still render, safely.
    expect(
      rendermime.preferredMimeType(
        fixture('decorated.databricks.json'),
        'ensure'
      )
    ).toBe('application/databricks.mlflow.trace');
  });

  it('keeps text/html at JupyterLab’s own rank and safety; ordinary HTML gets the stock renderer', async () => {
    const { rendermime, stock } = await registry();
    expect(rendermime.getRank('text/html')).toBe(stock.defaultRank);
    expect(rendermime.getFactory('text/html')!.safe).toBe(stock.safe);
    // MLflow's iframe output is HTML too: the HTML factory takes it (and
    // shows the viewer inside the stock node, see renderer.test.ts).
    expect(rendermime.preferredMimeType(fixture('decorated.iframe.json'))).toBe(
      'text/html'
    );
    const table = rendermime.createRenderer('text/html');
    expect(table.node.classList).toContain('jp-RenderedHTMLCommon');
    table.dispose();
  });
});

/** An output as JupyterLab renders it: the renderer the registry picks, attached. */
async function render(data: Record<string, unknown>): Promise<Widget> {
  const { rendermime } = await registry();
  const mimeType = rendermime.preferredMimeType(data as any, 'any')!;
  const renderer = rendermime.createRenderer(mimeType);
  Widget.attach(renderer, document.body);
  const model: IRenderMime.IMimeModel = {
    trusted: false,
    data: data as any,
    metadata: {},
    setData: () => undefined
  };
  await renderer.renderModel(model);
  return renderer;
}

function errorCardOf(renderer: Widget): Promise<HTMLElement> {
  return waitFor(() => {
    const card = renderer.node.querySelector<HTMLElement>(
      '.jp-MlflowTrace-errorCard'
    );
    expect(card).not.toBeNull();
    return card!;
  });
}

/** The page's viewport, as far as outputs ask: everything observed is in view. */
class EverythingInView {
  constructor(
    private readonly _callback: (
      entries: Partial<IntersectionObserverEntry>[],
      observer: unknown
    ) => void
  ) {}
  observe(target: Element): void {
    queueMicrotask(() =>
      this._callback([{ target, isIntersecting: true }], this)
    );
  }
  unobserve(): void {}
  disconnect(): void {}
}

describe('what an output shows', () => {
  it('a trace bundle mounts the viewer with its spans once in view', async () => {
    vi.stubGlobal('IntersectionObserver', EverythingInView);
    const trace = fixture('decorated.trace.json');
    const renderer = await render({
      'application/vnd.mlflow.trace+json': { version: 1, traces: [trace] },
      'text/plain': 'Trace'
    });
    const tree = await waitFor(() => {
      const found = renderer.node.querySelector('[role="tree"]');
      expect(found).not.toBeNull();
      return found!;
    });
    expect(tree.querySelectorAll('[role="treeitem"]').length).toBeGreaterThan(
      0
    );
    expect(renderer.node.textContent).toContain(trace.info.trace_id);
    renderer.dispose();
    vi.unstubAllGlobals();
  });

  // Hand-written broken payloads (not MLflow output).
  it.each([
    [
      'an envelope from a newer extension',
      { version: 99, traces: [] },
      'unsupported-version',
      'envelope version 99 is newer than this viewer supports'
    ],
    [
      'an envelope without a version',
      { traces: [] },
      'unsupported-shape',
      'expected a numeric "version"'
    ]
  ])(
    '%s shows a specific error card, nothing thrown',
    async (_, envelope, code, message) => {
      const renderer = await render({
        'application/vnd.mlflow.trace+json': envelope,
        'text/plain': 'Trace'
      });
      const card = await errorCardOf(renderer);
      expect(card.textContent).toContain(code);
      expect(card.textContent).toContain(message);
      renderer.dispose();
    }
  );

  it('a Databricks payload that is not JSON shows a specific error card, nothing thrown', async () => {
    const renderer = await render({
      'application/databricks.mlflow.trace': '{"trace_id": ',
      'text/plain': 'Trace'
    });
    const card = await errorCardOf(renderer);
    expect(card.textContent).toContain('invalid-json');
    expect(card.textContent).toContain('application/databricks.mlflow.trace');
    renderer.dispose();
  });
});
