/**
 * The inline viewer in real JupyterLab, with a real ipykernel, the real mlflow
 * SDK and a real MLflow tracking server (started by run.sh).
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';

import {
  freePort,
  mlflowApi,
  notebookJson,
  TRACKING_URI,
  uploadUntrustedCopy
} from './utils';
const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures');

/** Plain user code: a tracking URI and traced functions, nothing else. */
const TRACED_CELL = `import mlflow
mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("galata-inline")

@mlflow.trace(span_type="RETRIEVER")
def retrieve(query):
    return [{"page_content": "MLflow Tracing captures every step", "metadata": {"source": "docs"}}]

@mlflow.trace(span_type="LLM")
def generate(question, docs):
    return "It records each step of your app as a span."

@mlflow.trace(name="rag_agent", span_type="AGENT")
def rag_agent(question):
    return generate(question, retrieve(question))

rag_agent("What does MLflow Tracing do?")`;

function viewerOf(page: IJupyterLabPageFixture, cellIndex: number): Locator {
  return page
    .locator('.jp-Notebook .jp-Cell')
    .nth(cellIndex)
    .locator('.jp-MlflowTrace');
}

function spanRow(viewer: Locator, name: string): Locator {
  return viewer.getByRole('treeitem').filter({ hasText: name }).first();
}

/**
 * Write a notebook with these code cells and run it. (Typing code with
 * `setCell` would let the editor's auto-indent rewrite it.)
 */
async function runNotebook(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  name: string,
  sources: string[]
): Promise<void> {
  await page.contents.uploadContent(
    notebookJson(sources.map(source => ({ source }))),
    'text',
    `${tmpPath}/${name}`
  );
  await page.filebrowser.open(`${tmpPath}/${name}`);
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  await page.notebook.run();
}

function runTracedNotebook(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  name: string
): Promise<void> {
  return runNotebook(page, tmpPath, name, [TRACED_CELL]);
}

/** Ids of the traces the traced cell logged, newest first. */
async function loggedTraceIds(
  experimentName: string
): Promise<{ ids: string[]; experimentId: string }> {
  const { experiment } = await mlflowApi(
    `/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(experimentName)}`
  );
  const found = await mlflowApi('/api/3.0/mlflow/traces/search', {
    locations: [
      {
        type: 'MLFLOW_EXPERIMENT',
        mlflow_experiment: { experiment_id: experiment.experiment_id }
      }
    ],
    max_results: 10,
    order_by: ['timestamp_ms DESC']
  });
  return {
    ids: found.traces.map((t: any) => t.trace_id),
    experimentId: experiment.experiment_id
  };
}

test.describe('inline trace viewer', () => {
  test('a traced cell shows the native viewer instead of the iframe', async ({
    page,
    tmpPath
  }) => {
    await runTracedNotebook(page, tmpPath, 'inline.ipynb');
    const viewer = viewerOf(page, 0);
    const tree = viewer.getByRole('tree', { name: 'Spans' });
    await expect(tree).toBeVisible();
    for (const name of ['rag_agent', 'retrieve', 'generate']) {
      await expect(spanRow(viewer, name)).toBeVisible();
    }
    await expect(
      page.locator('.jp-Notebook .jp-Cell').nth(0).locator('iframe')
    ).toHaveCount(0);

    // Selecting a span shows its inputs.
    await spanRow(viewer, 'retrieve').click();
    await expect(spanRow(viewer, 'retrieve')).toHaveAttribute(
      'aria-selected',
      'true'
    );
    await expect(viewer.locator('.jp-MlflowTrace-detailPane')).toContainText(
      'What does MLflow Tracing do?'
    );

    // Search finds a span and selects it.
    await viewer.getByPlaceholder('Search spans').fill('generate');
    await expect(viewer.locator('.jp-MlflowTrace-matchCount')).toContainText(
      '1'
    );
    await viewer.getByPlaceholder('Search spans').press('Enter');
    await expect(spanRow(viewer, 'generate')).toHaveAttribute(
      'aria-selected',
      'true'
    );

    // Keyboard: the tree owns its keys (not the notebook's command mode).
    await tree.focus();
    await page.keyboard.press('Home');
    await expect(spanRow(viewer, 'rag_agent')).toHaveAttribute(
      'aria-selected',
      'true'
    );
    await page.keyboard.press('ArrowDown');
    await expect(spanRow(viewer, 'rag_agent')).toHaveAttribute(
      'aria-selected',
      'false'
    );
    await expect(page.locator('.jp-Notebook .jp-Cell').nth(0)).toHaveClass(
      /jp-mod-active/
    );
    await page.keyboard.press('End');
    await expect(viewer.getByRole('treeitem').last()).toHaveAttribute(
      'aria-selected',
      'true'
    );

    await viewer.screenshot({ path: 'test-results/viewer-light.png' });
  });

  test('a notebook reopened from disk (untrusted) still renders', async ({
    page,
    tmpPath
  }) => {
    await runTracedNotebook(page, tmpPath, 'saved.ipynb');
    await expect(viewerOf(page, 0).getByRole('tree')).toBeVisible();
    await page.notebook.save();
    await uploadUntrustedCopy(
      page,
      `${tmpPath}/saved.ipynb`,
      `${tmpPath}/copy.ipynb`
    );
    await page.notebook.close(true);
    await page.filebrowser.open(`${tmpPath}/copy.ipynb`);
    await page.waitForSelector('.jp-Notebook .jp-Cell');
    const trusted = await page.evaluate(() => {
      const app = (window as any).jupyterapp;
      const widget = app.shell.currentWidget;
      return widget.content.model.cells.get(0).trusted;
    });
    expect(trusted).toBe(false);
    const viewer = viewerOf(page, 0);
    await expect(spanRow(viewer, 'rag_agent')).toBeVisible();
    await expect(spanRow(viewer, 'generate')).toBeVisible();
  });

  test('every Databricks payload shape renders, fetching references', async ({
    page,
    tmpPath
  }) => {
    await runTracedNotebook(page, tmpPath, 'producer.ipynb');
    await expect(viewerOf(page, 0).getByRole('tree')).toBeVisible();
    await page.notebook.close(true);
    const { ids } = await loggedTraceIds('galata-inline');
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const [a, b] = ids;
    const MIME = 'application/databricks.mlflow.trace';
    const fullTrace = JSON.parse(
      fs.readFileSync(
        path.join(FIXTURES, 'mlflow-2.22.5', 'decorated.trace.json'),
        'utf-8'
      )
    ).payload;
    const outputs = [
      {
        [MIME]: JSON.stringify(fullTrace),
        'text/plain': 'full trace (MLflow 2.14)'
      },
      {
        [MIME]: JSON.stringify([fullTrace, fullTrace]),
        'text/plain': 'list of full traces'
      },
      { [MIME]: JSON.stringify(a), 'text/plain': 'id as a JSON string' },
      { [MIME]: JSON.stringify([a, b]), 'text/plain': 'list of ids' },
      {
        [MIME]: JSON.stringify({ trace_id: a, sql_warehouse_id: null }),
        'text/plain': 'object'
      },
      {
        [MIME]: JSON.stringify([
          { trace_id: a, sql_warehouse_id: null },
          { trace_id: b, sql_warehouse_id: null }
        ]),
        'text/plain': 'list of objects'
      }
    ];
    await page.contents.uploadContent(
      notebookJson(
        outputs.map((data, i) => ({ source: `# output ${i}`, outputs: [data] }))
      ),
      'text',
      `${tmpPath}/databricks.ipynb`
    );
    await page.filebrowser.open(`${tmpPath}/databricks.ipynb`);
    for (let i = 0; i < outputs.length; i++) {
      const viewer = viewerOf(page, i);
      await viewer.scrollIntoViewIfNeeded();
      await expect(viewer.getByRole('tree', { name: 'Spans' })).toBeVisible();
    }
    // Fetched references show the spans the tracking server holds.
    await expect(spanRow(viewerOf(page, 2), 'rag_agent')).toBeVisible();
    await expect(spanRow(viewerOf(page, 2), 'retrieve')).toBeVisible();
  });

  test('hostile strings in a trace stay inert text', async ({
    page,
    tmpPath
  }) => {
    const dialogs: string[] = [];
    page.on('dialog', dialog => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const hostile = JSON.parse(
      fs.readFileSync(
        path.join(FIXTURES, 'hostile', 'script-strings.json'),
        'utf-8'
      )
    );
    const trace = hostile.cases.find((c: any) => c.kind === 'trace').payload;
    const envelope = { version: 1, traces: [trace] };
    await page.contents.uploadContent(
      notebookJson([
        {
          source: '# a hostile trace',
          outputs: [
            {
              'application/vnd.mlflow.trace+json': envelope,
              'text/plain': 'hostile trace'
            }
          ]
        }
      ]),
      'text',
      `${tmpPath}/hostile.ipynb`
    );
    await page.filebrowser.open(`${tmpPath}/hostile.ipynb`);
    const viewer = viewerOf(page, 0);
    await expect(viewer.getByRole('tree')).toBeVisible();
    await viewer.getByRole('button', { name: 'Expand all' }).click();
    await expect(viewer).toContainText('<script>');
    const rows = viewer.getByRole('treeitem');
    const count = await rows.count();
    for (let i = 0; i < count; i++) {
      await rows.nth(i).click();
    }
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
    expect(
      await page.evaluate(() => (window as any).__mlflowTracesPwned)
    ).toBeUndefined();
    const output = page
      .locator('.jp-Notebook .jp-Cell')
      .nth(0)
      .locator('.jp-OutputArea');
    await expect(output.locator('script')).toHaveCount(0);
    await expect(output.locator('img')).toHaveCount(0);
    await expect(output.locator('[onerror], [onclick], [onload]')).toHaveCount(
      0
    );
    await expect(output.locator('a[href^="javascript:"]')).toHaveCount(0);
  });
});

/** A one-cell notebook: set the tracking URI and experiment, then `body`. */
function tracedCell(experiment: string, body: string): string {
  return `import mlflow
mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("${experiment}")

${body}`;
}

/** The rendered height of an element (px). */
async function heightOf(locator: Locator): Promise<number> {
  return (await locator.boundingBox())!.height;
}

test.describe('a viewer that fits its content', () => {
  test('a 1-span trace takes its row and the detail it needs, nothing scrolls', async ({
    page,
    tmpPath
  }) => {
    await runNotebook(page, tmpPath, 'fit.ipynb', [
      tracedCell(
        'galata-fit',
        `@mlflow.trace
def add(a, b):
    return a + b

add(1, 2)`
      )
    ]);
    const viewer = viewerOf(page, 0);
    await expect(spanRow(viewer, 'add')).toBeVisible();
    await expect(viewer.getByRole('treeitem')).toHaveCount(1);
    const detail = viewer.locator('.jp-MlflowTrace-detailPane');
    await expect(detail.getByRole('region', { name: 'Outputs' })).toContainText(
      '3'
    );
    // The detail's content is all in view, and the viewer is no taller
    // than that: the space below the content is at most a few pixels.
    const pane = await detail.evaluate(el => ({
      client: el.clientHeight,
      scroll: el.scrollHeight,
      content: (el.firstElementChild as HTMLElement).offsetHeight
    }));
    expect(pane.scroll).toBeLessThanOrEqual(pane.client + 1);
    expect(pane.client - pane.content).toBeLessThan(24);
    // Under the 420 px most a viewer takes (the setting).
    const height = await heightOf(viewer);
    test.info().annotations.push({
      type: 'viewer height',
      description: `${height} px`
    });
    expect(height).toBeLessThan(420);
    await viewer.screenshot({ path: 'test-results/viewer-fit.png' });
  });

  test('at a 700 px wide window, spans and details each get the whole height', async ({
    page,
    tmpPath
  }) => {
    await page.setViewportSize({ width: 700, height: 900 });
    await runTracedNotebook(page, tmpPath, 'narrow.ipynb');
    const viewer = viewerOf(page, 0);
    await expect(viewer).toHaveClass(/jp-mod-narrow/);
    const tabs = viewer.getByRole('tablist', {
      name: 'Summary, spans or details'
    });
    const spansTab = tabs.getByRole('tab', { name: 'Spans' });
    const detailsTab = tabs.getByRole('tab', { name: /^Details/ });
    await expect(spansTab).toHaveAttribute('aria-selected', 'true');
    const treePane = viewer.locator('.jp-MlflowTrace-treePane');
    const treeHeight = await heightOf(treePane);
    expect(treeHeight).toBeGreaterThanOrEqual(96);
    // A click on a span shows its details, in the height the tree had.
    await spanRow(viewer, 'retrieve').click();
    await expect(detailsTab).toHaveAttribute('aria-selected', 'true');
    await expect(detailsTab).toContainText('retrieve');
    const detail = viewer.locator('.jp-MlflowTrace-detailPane');
    await expect(detail).toContainText('What does MLflow Tracing do?');
    await viewer.screenshot({ path: 'test-results/viewer-narrow.png' });
    expect(await heightOf(detail)).toBeGreaterThanOrEqual(treeHeight - 1);
    // Info opens over the panes and takes nothing from them.
    await spansTab.click();
    const before = await heightOf(treePane);
    await viewer
      .getByRole('button', { name: 'Trace tags and metadata' })
      .click();
    const info = viewer.getByRole('dialog', {
      name: 'Trace tags and metadata'
    });
    await expect(info).toBeVisible();
    await expect(viewer.getByRole('tree', { name: 'Spans' })).toBeVisible();
    expect(await heightOf(treePane)).toBeCloseTo(before, 0);
    await info.getByRole('button', { name: 'Close trace info' }).click();
    await expect(info).toHaveCount(0);
  });

  test('search opens and marks the field that holds the match', async ({
    page,
    tmpPath
  }) => {
    await runNotebook(page, tmpPath, 'search.ipynb', [
      tracedCell(
        'galata-search',
        `@mlflow.trace
def lookup(config):
    return {"answer": 42}

@mlflow.trace(name="agent")
def agent():
    return lookup({"level1": {"level2": {"level3": {"needle": "hidden-needle-value"}}}})

agent()`
      )
    ]);
    const viewer = viewerOf(page, 0);
    await expect(spanRow(viewer, 'agent')).toBeVisible();
    const detail = viewer.locator('.jp-MlflowTrace-detailPane');
    // Before: the nested value is folded away.
    await spanRow(viewer, 'lookup').click();
    await expect(detail).not.toContainText('hidden-needle-value');
    await spanRow(viewer, 'agent').click();
    // The user pinned Attributes; the match is in the inputs.
    await detail.getByRole('tab', { name: /Attributes/ }).click();
    await detail
      .getByRole('button', { name: 'Keep this tab for other spans' })
      .click();
    await viewer.getByPlaceholder('Search spans').fill('needle-val');
    await expect(spanRow(viewer, 'lookup')).toHaveAttribute(
      'aria-selected',
      'true'
    );
    await expect(
      detail.getByRole('tab', { name: 'Inputs / Outputs' })
    ).toHaveAttribute('aria-selected', 'true');
    const mark = detail.locator('mark.jp-MlflowTrace-mark');
    await expect(mark).toHaveText('needle-val');
    await expect(mark).toBeVisible();
    await viewer.screenshot({ path: 'test-results/viewer-search.png' });
    await expect(detail.getByRole('region', { name: 'Inputs' })).toContainText(
      'hidden-needle-value'
    );
  });
});

test.describe('the tracking server and embedded traces', () => {
  test('a trace the server does not have is marked, without "Open in MLflow UI"', async ({
    page,
    tmpPath
  }) => {
    test.setTimeout(120_000);
    await runNotebook(page, tmpPath, 'gone.ipynb', [
      TRACED_CELL,
      // The user deletes the trace from the server: the output keeps the only copy.
      `import time
client = mlflow.MlflowClient()
trace_id = mlflow.get_last_active_trace_id()
# MLflow logs asynchronously: wait until the server has the trace, so the delete finds it.
for _ in range(300):
    try:
        if client.get_trace(trace_id) is not None:
            break
    except Exception:
        pass
    time.sleep(0.1)
removed = client.delete_traces(experiment_id=mlflow.get_experiment_by_name("galata-inline").experiment_id, trace_ids=[trace_id])
print("deleted", trace_id, removed)`
    ]);
    const cell = page.locator('.jp-Notebook .jp-Cell').nth(1);
    await expect(cell.locator('.jp-OutputArea')).toContainText(
      /deleted tr-\S+ 1/
    );
    const deleted = (await cell.locator('.jp-OutputArea').innerText())
      .trim()
      .split(' ')[1];
    await page.notebook.save();
    await page.notebook.close(true);

    // Reopened: the server is asked again, and it no longer has the trace.
    await page.filebrowser.open(`${tmpPath}/gone.ipynb`);
    const viewer = viewerOf(page, 0);
    await expect(viewer.getByRole('tree', { name: 'Spans' })).toBeVisible();
    await expect(viewer).toContainText(deleted);
    const note = viewer.getByRole('note').filter({ hasText: 'Not stored' });
    // MLflow exports asynchronously: a 404 is asked again, spaced, first.
    await expect(note).toContainText(
      `Not stored on the tracking server: ${new URL(TRACKING_URI).origin} has no trace with this id`,
      { timeout: 60_000 }
    );
    await expect(
      viewer.getByRole('link', { name: 'Open in MLflow UI' })
    ).toHaveCount(0);
    await viewer.screenshot({ path: 'test-results/viewer-not-stored.png' });
    // The embedded trace is all there.
    await expect(spanRow(viewer, 'generate')).toBeVisible();
  });

  test('values cut by the size cap are fetched in full from the server', async ({
    page,
    tmpPath
  }) => {
    // Hold the viewer's fetch of the trace until the waiting state was seen.
    let release: () => void = () => undefined;
    const held = new Promise<void>(resolve => (release = resolve));
    const fetched: string[] = [];
    await page.route('**/jupyterlab-mlflow-traces/traces/**', async route => {
      fetched.push(route.request().url());
      await held;
      await route.continue();
    });
    await runNotebook(page, tmpPath, 'capped.ipynb', [
      tracedCell(
        'galata-capped',
        `@mlflow.trace
def summarize(text):
    return f"{len(text)} characters"

summarize("lorem ipsum " * 150_000)`
      )
    ]);
    const viewer = viewerOf(page, 0);
    await expect(spanRow(viewer, 'summarize')).toBeVisible();
    const inputs = viewer.getByRole('region', { name: 'Inputs' });
    await expect(inputs.getByRole('status')).toHaveText(
      /^Value cut by the size cap \(1\.7 MB\); fetching full value…$/
    );
    await expect(inputs).toContainText('lorem ipsum lorem');
    await viewer.screenshot({ path: 'test-results/viewer-capped.png' });
    release();
    // The server's copy has the whole value (1,800,000 characters).
    await expect(inputs).toContainText('1,790,000 more characters');
    await expect(inputs).not.toContainText('size cap');
    expect(fetched.length).toBeGreaterThanOrEqual(1);
    await page.unroute('**/jupyterlab-mlflow-traces/traces/**');
  });
});

/**
 * An HTTP server on 127.0.0.1 that records every byte it receives and answers
 * 404. (A browser may open a connection to a link's host without sending
 * anything: only bytes count.)
 */
async function startRecorder(): Promise<{
  origin: string;
  received: () => string;
  close: () => Promise<void>;
}> {
  const port = await freePort();
  const chunks: Buffer[] = [];
  const server = http.createServer((_, response) => {
    response.writeHead(404).end();
  });
  server.on('connection', socket => socket.on('data', d => chunks.push(d)));
  await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${port}`,
    received: () => Buffer.concat(chunks).toString('latin1'),
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}

test.describe('an output naming another tracking server', () => {
  test('an untrusted notebook gets a link, no server fetch, and no state changes', async ({
    page,
    tmpPath
  }) => {
    const recorder = await startRecorder();
    try {
      const labOrigin = new URL(page.url()).origin;
      const status = async () =>
        (await page.request.get('/jupyterlab-mlflow-traces/status')).json();
      const before = await status();
      expect(before.tracking_uri).toBe(TRACKING_URI);

      // MLflow 3.17.2's own iframe output (fixtures/), its host changed to the
      // recorder: what a notebook logged to another server holds.
      const fixture = JSON.parse(
        fs.readFileSync(
          path.join(FIXTURES, 'mlflow-3.17.2', 'decorated.iframe.json'),
          'utf-8'
        )
      );
      const logged: string = fixture.expected.tracking_uri;
      const bundle = {
        ...fixture.payload,
        'text/html': fixture.payload['text/html']
          .split(logged)
          .join(recorder.origin)
      };
      const { trace_id: traceId, experiment_id: experimentId } =
        fixture.expected.references[0];
      await page.contents.uploadContent(
        notebookJson([{ source: '# logged elsewhere', outputs: [bundle] }]),
        'text',
        `${tmpPath}/elsewhere.ipynb`
      );

      const foreign: string[] = [];
      const connectionPuts: string[] = [];
      page.on('request', request => {
        if (new URL(request.url()).origin !== labOrigin) {
          foreign.push(request.url());
        }
        if (
          request.method() === 'PUT' &&
          request.url().includes('/jupyterlab-mlflow-traces/connection')
        ) {
          connectionPuts.push(request.postData() ?? '');
        }
      });
      // The link opens a browser tab; stop that tab's request before it
      // leaves the browser, so the recorder can only hear from the server.
      const opened: string[] = [];
      await page.context().route(`${recorder.origin}/**`, route => {
        opened.push(route.request().url());
        return route.abort();
      });

      await page.filebrowser.open(`${tmpPath}/elsewhere.ipynb`);
      await page.waitForSelector('.jp-Notebook .jp-Cell');
      expect(
        await page.evaluate(() => {
          const app = (window as any).jupyterapp;
          return app.shell.currentWidget.content.model.cells.get(0).trusted;
        })
      ).toBe(false);

      const card = page
        .locator('.jp-Notebook .jp-Cell')
        .nth(0)
        .locator('.jp-MlflowTrace-referenceCard');
      await expect(card).toContainText(
        `Logged to ${recorder.origin}, which is not the configured tracking server`
      );
      await expect(card).toContainText(traceId);
      const link = card.getByRole('link', { name: 'Open in MLflow UI' });
      const href = `${recorder.origin}/#/experiments/${experimentId}?selectedTraceId=${traceId}`;
      await expect(link).toHaveAttribute('href', href);
      await expect(link).toHaveAttribute('target', '_blank');
      await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
      await expect(card.getByRole('button')).toHaveCount(0);

      // Click everything in the card: texts, ids, and the link (a browser tab).
      const targets = card.locator(
        'a, button, code, strong, .jp-MlflowTrace-cardMessage'
      );
      const count = await targets.count();
      expect(count).toBeGreaterThan(3);
      for (let i = 0; i < count; i++) {
        const target = targets.nth(i);
        if ((await target.evaluate(el => el.tagName)) === 'A') {
          const [popup] = await Promise.all([
            page.waitForEvent('popup'),
            target.click()
          ]);
          await popup.close();
        } else {
          await target.click();
        }
      }
      await page.waitForTimeout(1000);

      // (a) The server's connection is what it was, and nothing asked to change it.
      expect(connectionPuts).toEqual([]);
      const after = await status();
      expect(after.tracking_uri).toBe(before.tracking_uri);
      expect(after.tracking_uri_source).toBe(before.tracking_uri_source);
      // (b) The page asked Jupyter only; the link's own tab asked for the
      // MLflow UI (and was stopped in the browser).
      expect(foreign).toEqual([]);
      expect(opened).toEqual([`${recorder.origin}/`]);
      // (c) Not one byte reached the other host.
      expect(recorder.received()).toBe('');
    } finally {
      await page.context().unrouteAll({ behavior: 'ignoreErrors' });
      await recorder.close();
    }
  });
});

test.describe('other HTML', () => {
  test('HTML that is not MLflow\u2019s iframe goes to the stock renderer', async ({
    page,
    tmpPath
  }) => {
    await runNotebook(page, tmpPath, 'html.ipynb', [
      'from IPython.display import HTML\nHTML(\'<b id="plain-html">just html</b>\')'
    ]);
    const cell = page.locator('.jp-Notebook .jp-Cell').nth(0);
    await expect(
      cell.locator('.jp-RenderedHTMLCommon b#plain-html')
    ).toHaveText('just html');
    await expect(cell.locator('.jp-MlflowTrace')).toHaveCount(0);
  });
});
