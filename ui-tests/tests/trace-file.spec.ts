/**
 * Trace files in real JupyterLab and Chromium: a real ipykernel writes
 * `mlflow.get_trace(id).to_json()` (the real mlflow SDK, traced against the
 * real tracking server run.sh started) to a .json file, which opens in the
 * viewer from the file browser's "Open With → MLflow Trace"; the trace of an
 * inline output is exported to a .mlflow-trace.json file and reopened.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

import { notebookJson, spanRow, tracedCell } from './utils';

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
