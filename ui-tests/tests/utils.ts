/** Helpers shared by the Galata specs. */
import { expect, IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator, Page } from '@playwright/test';
import * as net from 'net';

/** The tracking server run.sh started for this run. */
export const TRACKING_URI = process.env.MLFLOW_TRACKING_URI as string;

export interface ICodeCell {
  source: string;
  /** MIME bundles of display_data outputs the cell already holds. */
  outputs?: Record<string, unknown>[];
}

/**
 * An .ipynb (as text) with these code cells. Tests upload notebooks rather
 * than type code: the editor's auto-indent would rewrite Python.
 */
export function notebookJson(cells: ICodeCell[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: 'python3',
        display_name: 'Python 3',
        language: 'python'
      }
    },
    cells: cells.map((cell, i) => ({
      cell_type: 'code',
      id: `cell-${i}`,
      execution_count: cell.outputs?.length ? i + 1 : null,
      metadata: {},
      source: cell.source,
      outputs: (cell.outputs ?? []).map(data => ({
        output_type: 'display_data',
        metadata: {},
        data
      }))
    }))
  });
}

/** Call the tracking server's REST API directly (test setup and checks). */
export async function mlflowApi(
  pathname: string,
  body?: unknown
): Promise<any> {
  const response = await fetch(`${TRACKING_URI}${pathname}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined
  });
  expect(response.ok).toBeTruthy();
  return response.json();
}

/** A port nothing listens on (yet). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Copy a saved notebook the way someone else's file arrives. Signatures are
 * content hashes: a copy that differs (one metadata key) and carries no trust
 * marks is unsigned, so JupyterLab opens it untrusted.
 */
export async function uploadUntrustedCopy(
  page: IJupyterLabPageFixture,
  fromPath: string,
  toPath: string
): Promise<void> {
  const response = await page.request.get(
    `/api/contents/${fromPath}?content=1`
  );
  const model = await response.json();
  for (const cell of model.content.cells) {
    delete cell.metadata.trusted;
  }
  model.content.metadata.shared_by = 'someone else';
  await page.contents.uploadContent(
    JSON.stringify(model.content),
    'text',
    toPath
  );
}

/**
 * Plain user code: a tracking URI, an experiment and traced functions
 * (rag_agent calls retrieve), nothing else.
 */
export function tracedCell(
  experiment: string,
  uri: string = TRACKING_URI
): string {
  return `import mlflow
mlflow.set_tracking_uri("${uri}")
mlflow.set_experiment("${experiment}")

@mlflow.trace(span_type="RETRIEVER")
def retrieve(query):
    return [{"page_content": "MLflow Tracing captures every step", "metadata": {"source": "docs"}}]

@mlflow.trace(name="rag_agent", span_type="AGENT")
def rag_agent(question):
    return retrieve(question)

rag_agent("What does MLflow Tracing do?")`;
}

/**
 * MIME types of each output of a cell (streams left out: MLflow's INFO logs),
 * read from the notebook model of `panel`, an in-page expression.
 */
export function outputMimeTypes(
  page: Page,
  panel: string,
  index: number
): Promise<string[][]> {
  return page.evaluate(`(() => {
    const outputs = ${panel}.content.model.cells.get(${index}).outputs;
    const types = [];
    for (let k = 0; k < outputs.length; k++) {
      const output = outputs.get(k);
      if (output.type !== 'stream') {
        types.push(Object.keys(output.data).sort());
      }
    }
    return types;
  })()`);
}

/** The trace viewer in a cell of the notebook in view (a reload can restore others, hidden). */
export function viewerOf(page: Page, cellIndex: number): Locator {
  return page
    .locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')
    .nth(cellIndex)
    .locator('.jp-MlflowTrace');
}

/** A span's row in a viewer's span tree. */
export function spanRow(viewer: Locator, name: string): Locator {
  return viewer.getByRole('treeitem').filter({ hasText: name }).first();
}
