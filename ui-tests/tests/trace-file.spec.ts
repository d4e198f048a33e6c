/**
 * Trace files in real JupyterLab and Chromium: a real ipykernel writes
 * `mlflow.get_trace(id).to_json()` (the real mlflow SDK, traced against the
 * real tracking server run.sh started) to a .json file, which opens in the
 * viewer from the file browser's "Open With → MLflow Trace"; the trace of an
 * inline output is exported to a .mlflow-trace.json file and reopened; so is
 * the trace of an output naming it by id only (MLflow's iframe, fetched from
 * the configured server) and of a trace tab.
 */
import {
  expect,
  galata,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

import {
  notebookJson,
  outputMimeTypes,
  spanRow,
  TRACKING_URI,
  tracedCell
} from './utils';

/** The viewer of the trace file tab in view. */
function fileViewer(page: IJupyterLabPageFixture): Locator {
  return page.locator(
    '.jp-MlflowTraceFile:not(.lm-mod-hidden) .jp-MlflowTrace'
  );
}

/** Run a notebook of these cells, written as a file (the editor would re-indent typed code). */
async function runNotebook(
  page: IJupyterLabPageFixture,
  path: string,
  sources: string[]
): Promise<void> {
  await page.contents.uploadContent(
    notebookJson(sources.map(source => ({ source }))),
    'text',
    path
  );
  await page.filebrowser.open(path);
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  await page.notebook.run();
}

test.describe('trace files', () => {
  test('a trace the SDK wrote to a .json file opens with Open With → MLflow Trace, without the server', async ({
    page,
    tmpPath
  }) => {
    await runNotebook(page, `${tmpPath}/write.ipynb`, [
      tracedCell('galata-trace-file'),
      `import time
# MLflow logs asynchronously: wait until the server has the trace's spans.
trace = None
for _ in range(300):
    trace = mlflow.get_trace(mlflow.get_last_active_trace_id())
    if trace is not None and trace.data.spans:
        break
    time.sleep(0.1)
with open("rag.json", "w") as f:
    f.write(trace.to_json())
print("written", trace.info.trace_id)`
    ]);
    await expect(
      page.locator('.jp-Notebook').getByText('written tr-')
    ).toBeVisible();

    // Opening a file is read from the file alone: nothing asks the tracking server.
    const serverCalls: string[] = [];
    page.on('request', request => {
      // The server extension's routes; the extension's own lazy chunks
      // (/lab/extensions/jupyterlab-mlflow-traces/static/…) are not server calls.
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/jupyterlab-mlflow-traces/')) {
        serverCalls.push(request.url());
      }
    });
    // Galata's open(path, factory): right-click, Open With, the factory.
    await page.filebrowser.open(`${tmpPath}/rag.json`, 'MLflow Trace');
    const viewer = fileViewer(page);
    await expect(spanRow(viewer, 'rag_agent')).toBeVisible();
    await expect(spanRow(viewer, 'retrieve')).toBeVisible();
    await spanRow(viewer, 'retrieve').click();
    await expect(
      viewer.getByText('MLflow Tracing captures every step').first()
    ).toBeVisible();
    expect(serverCalls).toEqual([]);

    // A JSON file that is no trace says so in the tab.
    await page.contents.uploadContent(
      JSON.stringify({ name: 'some-package', version: '1.0.0' }),
      'text',
      `${tmpPath}/package.json`
    );
    await page.filebrowser.open(`${tmpPath}/package.json`, 'MLflow Trace');
    await expect(
      page
        .locator('.jp-MlflowTraceFile:not(.lm-mod-hidden)')
        .getByText(/^not an MLflow trace: /)
    ).toBeVisible();
  });

  test('the trace of an inline output is exported to a .mlflow-trace.json file and reopens', async ({
    page,
    tmpPath
  }) => {
    await runNotebook(page, `${tmpPath}/export.ipynb`, [
      tracedCell('galata-trace-export')
    ]);
    const output = page
      .locator('.jp-Notebook .jp-OutputArea-child')
      .filter({ has: page.locator('.jp-MlflowTrace') });
    await expect(
      spanRow(output.locator('.jp-MlflowTrace'), 'rag_agent')
    ).toBeVisible();

    // JupyterLab's context menu of the output (its prompt is under the collapse overlay).
    await output
      .locator('.jp-MlflowTrace')
      .click({ button: 'right', position: { x: 4, y: 4 } });
    await page
      .getByRole('menuitem', { name: 'Export MLflow Trace to File' })
      .click();
    await expect(spanRow(fileViewer(page), 'rag_agent')).toBeVisible();

    // Saved next to the notebook, named after the trace, as MLflow's JSON.
    const listing = await page.request.get(`/api/contents/${tmpPath}`);
    const names: string[] = (await listing.json()).content.map(
      (item: { name: string }) => item.name
    );
    const exported = names.filter(n => n.endsWith('.mlflow-trace.json'));
    expect(exported).toHaveLength(1);
    expect(exported[0]).toMatch(/^tr-[0-9a-f]{32}\.mlflow-trace\.json$/);
    const file = await page.request.get(
      `/api/contents/${tmpPath}/${exported[0]}?content=1&format=text&type=file`
    );
    const saved = JSON.parse((await file.json()).content);
    expect(`${saved.info.trace_id}.mlflow-trace.json`).toBe(exported[0]);
    expect(
      saved.data.spans.map((s: { name: string }) => s.name).sort()
    ).toEqual(['rag_agent', 'retrieve']);

    // Closed and opened again from the file browser: the viewer is its default.
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('application:close')
    );
    await expect(page.locator('.jp-MlflowTraceFile')).toHaveCount(0);
    await page.filebrowser.open(`${tmpPath}/${exported[0]}`);
    await expect(spanRow(fileViewer(page), 'rag_agent')).toBeVisible();
    await expect(spanRow(fileViewer(page), 'retrieve')).toBeVisible();
  });
});

/** Names of the trace files in `dir` (a server path, '' for the root). */
async function traceFiles(
  page: IJupyterLabPageFixture,
  dir: string
): Promise<string[]> {
  const listing = await page.request.get(`/api/contents/${dir}`);
  return (await listing.json()).content
    .map((item: { name: string }) => item.name)
    .filter((n: string) => n.endsWith('.mlflow-trace.json'));
}

/** A saved trace file, parsed. */
async function savedTrace(
  page: IJupyterLabPageFixture,
  path: string
): Promise<any> {
  const file = await page.request.get(
    `/api/contents/${path}?content=1&format=text&type=file`
  );
  return JSON.parse((await file.json()).content);
}

/** Right-click `target`, then "Export MLflow Trace to File". */
async function exportFrom(
  page: IJupyterLabPageFixture,
  target: Locator
): Promise<void> {
  await target.click({ button: 'right', position: { x: 4, y: 4 } });
  await page
    .getByRole('menuitem', { name: 'Export MLflow Trace to File' })
    .click();
}

test.describe('traces the notebook does not embed', () => {
  // The size cap at its minimum: a trace of 41 spans does not fit even as a
  // structure, so the hook leaves MLflow's own output (the iframe, ids only).
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      'jupyterlab-mlflow-traces:notebook-display': { maxOutputBytes: 1024 }
    }
  });

  test('an output naming its trace by id only and a trace tab export the full trace from the configured server', async ({
    page,
    tmpPath
  }) => {
    await runNotebook(page, `${tmpPath}/ids.ipynb`, [
      `import mlflow
mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("galata-trace-export-ids")

@mlflow.trace(span_type="TOOL")
def step(i):
    return {"step": i}

@mlflow.trace(name="long_agent", span_type="AGENT")
def long_agent(n):
    return [step(i) for i in range(n)]

_ = long_agent(40)`
    ]);
    const output = page
      .locator('.jp-Notebook .jp-OutputArea-child')
      .filter({ has: page.locator('.jp-MlflowTrace') });
    await expect(
      spanRow(output.locator('.jp-MlflowTrace'), 'long_agent')
    ).toBeVisible();
    // MLflow's iframe alone: nothing of the trace is in the notebook.
    const types = await outputMimeTypes(
      page,
      'window.jupyterapp.shell.currentWidget',
      0
    );
    expect(types).toEqual([['text/html', 'text/plain']]);

    await exportFrom(page, output.locator('.jp-MlflowTrace'));
    await expect(spanRow(fileViewer(page), 'long_agent')).toBeVisible();
    const exported = await traceFiles(page, tmpPath);
    expect(exported).toHaveLength(1);
    const saved = await savedTrace(page, `${tmpPath}/${exported[0]}`);
    const traceId: string = saved.info.trace_id;
    expect(exported[0]).toBe(`${traceId}.mlflow-trace.json`);
    // The whole trace, as the server has it: every span with its values.
    expect(saved.data.spans).toHaveLength(41);
    const steps = saved.data.spans.filter(
      (s: { name: string }) => s.name !== 'long_agent'
    );
    expect(steps).toHaveLength(40);

    // The same trace in a tab (as the sidebar opens it), exported from its
    // context menu to the Jupyter root.
    const rootBefore = await traceFiles(page, '');
    await page.evaluate(async id => {
      await (window as any).jupyterapp.commands.execute(
        'jupyterlab-mlflow-traces:open-trace',
        { traceId: id }
      );
    }, traceId);
    const tab = page.locator(
      '.jp-MlflowTraceTab-panel:not(.lm-mod-hidden) .jp-MlflowTraceTab'
    );
    await expect(
      spanRow(tab.locator('.jp-MlflowTrace'), 'long_agent')
    ).toBeVisible();
    await exportFrom(page, tab.locator('.jp-MlflowTrace'));
    await expect(spanRow(fileViewer(page), 'long_agent')).toBeVisible();
    const added = (await traceFiles(page, '')).filter(
      n => !rootBefore.includes(n)
    );
    expect(added).toEqual([`${traceId}.mlflow-trace.json`]);
    const fromTab = await savedTrace(page, added[0]);
    expect(fromTab.info.trace_id).toBe(traceId);
    expect(fromTab.data.spans).toHaveLength(41);
    await page.contents.deleteFile(added[0]);
  });
});
