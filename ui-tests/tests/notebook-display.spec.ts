/**
 * The per-notebook trace display switch and the kernel hook, in real JupyterLab
 * with a real ipykernel, the real mlflow SDK and real MLflow tracking servers
 * (run.sh starts one; the offline test starts and stops its own).
 */
import {
  expect,
  galata,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { freePort } from './utils';

const TRACKING_URI = process.env.MLFLOW_TRACKING_URI as string;
const MIME = 'application/vnd.mlflow.trace+json';
const PLUGIN = 'jupyterlab-mlflow-traces:notebook-display';

/** Plain user code: a tracking URI and traced functions, nothing else. */
function tracedCell(uri: string, experiment = 'galata-display'): string {
  return `import mlflow
mlflow.set_tracking_uri("${uri}")
mlflow.set_experiment("${experiment}")

@mlflow.trace(span_type="RETRIEVER")
def retrieve(query):
    return [{"page_content": "MLflow Tracing captures every step", "metadata": {"source": "docs"}}]

@mlflow.trace(name="rag_agent", span_type="AGENT")
def rag_agent(question):
    docs = retrieve(question)
    return "It records each step of your app as a span."

rag_agent("What does MLflow Tracing do?")`;
}

/** Cells of the notebook in view: a reload can restore others in hidden tabs. */
const VISIBLE_CELLS =
  '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell';

function cellOf(page: IJupyterLabPageFixture, index: number): Locator {
  return page.locator(VISIBLE_CELLS).nth(index);
}

function viewerOf(page: IJupyterLabPageFixture, index: number): Locator {
  return cellOf(page, index).locator('.jp-MlflowTrace');
}

function switchButton(page: IJupyterLabPageFixture): Locator {
  return page.locator(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MlflowTraces-displaySwitchButton'
  );
}

/** In-page expression: the notebook panel under test (the current widget, else the visible notebook). */
const PANEL = `((app) => {
  const current = app.shell.currentWidget;
  if (current && current.content && current.content.model && current.content.model.getMetadata) {
    return current;
  }
  return [...app.shell.widgets('main')].find(
    w => w.content && w.content.model && w.content.model.getMetadata && w.isVisible
  );
})(window.jupyterapp)`;

/** MIME types of each output of a cell, from the notebook model (streams left out). */
async function outputTypes(
  page: IJupyterLabPageFixture,
  index: number
): Promise<string[][]> {
  return page.evaluate(`(() => {
    const outputs = ${PANEL}.content.model.cells.get(${index}).outputs;
    const types = [];
    for (let k = 0; k < outputs.length; k++) {
      const output = outputs.get(k);
      // MLflow's INFO logs ("Creating experiment") are stderr streams: not what is compared.
      if (output.type !== 'stream') {
        types.push(Object.keys(output.data).sort());
      }
    }
    return types;
  })()`);
}

async function outputHtml(
  page: IJupyterLabPageFixture,
  index: number
): Promise<string> {
  return page.evaluate(`(() => {
    const outputs = ${PANEL}.content.model.cells.get(${index}).outputs;
    for (let k = 0; k < outputs.length; k++) {
      const html = outputs.get(k).data['text/html'];
      if (html) {
        return html;
      }
    }
    return '';
  })()`);
}

async function displayMetadata(page: IJupyterLabPageFixture): Promise<unknown> {
  return page.evaluate(
    `${PANEL}.content.model.getMetadata('mlflow_traces') ?? null`
  );
}

async function panelIsOff(page: IJupyterLabPageFixture): Promise<boolean> {
  return page.evaluate(
    `${PANEL}.node.classList.contains('jp-MlflowTraces-displayOff')`
  );
}

/** Set a cell's source through the model (typing would let the editor re-indent it). */
async function setSource(
  page: IJupyterLabPageFixture,
  index: number,
  source: string
): Promise<void> {
  const count = await page.locator('.jp-Notebook .jp-Cell').count();
  if (index >= count) {
    await page.notebook.addCell('code', '');
  }
  await page.evaluate(
    `${PANEL}.content.model.cells.get(${index}).sharedModel.setSource(${JSON.stringify(source)})`
  );
}

async function run(
  page: IJupyterLabPageFixture,
  index: number,
  source: string
): Promise<void> {
  await setSource(page, index, source);
  await page.notebook.runCell(index, true);
}

async function expectSwitch(
  page: IJupyterLabPageFixture,
  state: 'on' | 'off'
): Promise<void> {
  await expect(switchButton(page)).toHaveAttribute(
    'data-mlflow-trace-display',
    state
  );
  expect(await panelIsOff(page)).toBe(state === 'off');
}

/** Close the notebook and open it again from disk: what was saved is all it has. */
async function reopenFromDisk(
  page: IJupyterLabPageFixture,
  file: string
): Promise<void> {
  await page.notebook.close(true);
  await page.filebrowser.open(file);
  await page.locator(VISIBLE_CELLS).first().waitFor();
}

async function restartKernel(page: IJupyterLabPageFixture): Promise<void> {
  await page.evaluate(() => {
    void (window as any).jupyterapp.commands.execute('notebook:restart-kernel');
  });
  await page
    .locator('.jp-Dialog')
    .getByRole('button', { name: 'Confirm Kernel Restart' })
    .click();
  await expect(page.locator('.jp-Dialog')).toHaveCount(0);
  await page.waitForFunction(
    `${PANEL}.sessionContext.session?.kernel?.status === 'idle'`
  );
}

test.describe('notebook display switch', () => {
  test('off hides new traces and folds old ones; reopening keeps it; on brings them back', async ({
    page,
    tmpPath
  }) => {
    await page.notebook.createNew('switch.ipynb');
    await run(page, 0, tracedCell(TRACKING_URI));
    // The kernel hook embedded the full trace, with a static summary for other
    // viewers that links to the MLflow UI instead of MLflow's iframe.
    expect(await outputTypes(page, 0)).toContainEqual([
      MIME,
      'text/html',
      'text/plain'
    ]);
    const summary = await outputHtml(page, 0);
    expect(summary).toContain('mlflow-trace-summary');
    expect(summary).toContain(`<a href="${TRACKING_URI}/#/experiments/`);
    expect(summary).not.toContain('iframe');
    await expect(
      viewerOf(page, 0).getByRole('tree', { name: 'Spans' })
    ).toBeVisible();
    await expectSwitch(page, 'on');
    await page.locator('.jp-NotebookPanel-toolbar').screenshot({
      path: test.info().outputPath('notebook-display-toolbar-on.png')
    });

    await switchButton(page).click();
    await expectSwitch(page, 'off');
    expect(await displayMetadata(page)).toEqual({ display: false });
    // The old output folds to one line; nothing in it changed.
    const placeholder = cellOf(page, 0).locator(
      '.jp-MlflowTraceOutput-placeholder'
    );
    await expect(placeholder).toBeVisible();
    await expect(placeholder).toContainText('MLflow trace hidden');
    await expect(viewerOf(page, 0)).toBeHidden();
    expect(await outputTypes(page, 0)).toContainEqual([
      MIME,
      'text/html',
      'text/plain'
    ]);
    await page.locator('.jp-NotebookPanel-toolbar').screenshot({
      path: test.info().outputPath('notebook-display-toolbar-off.png')
    });
    await cellOf(page, 0).screenshot({
      path: test.info().outputPath('notebook-display-folded.png')
    });

    // A traced cell now shows no trace output at all.
    await run(page, 1, 'rag_agent("And now?")');
    expect(await outputTypes(page, 1)).toEqual([['text/plain']]);
    await expect(cellOf(page, 1).locator('.jp-MlflowTraceOutput')).toHaveCount(
      0
    );
    await expectSwitch(page, 'off');

    // "Show" reveals one output only.
    await placeholder.getByRole('button', { name: 'Show' }).click();
    await expect(
      viewerOf(page, 0).getByRole('tree', { name: 'Spans' })
    ).toBeVisible();
    await expect(placeholder).toBeHidden();

    // Reopened from disk: the state comes back from the notebook metadata and is applied to the kernel.
    await page.notebook.save();
    await reopenFromDisk(page, `${tmpPath}/switch.ipynb`);
    await expectSwitch(page, 'off');
    await expect(
      cellOf(page, 0).locator('.jp-MlflowTraceOutput-placeholder')
    ).toBeVisible();
    await page.notebook.runCell(1, true);
    expect(await outputTypes(page, 1)).toEqual([['text/plain']]);

    // On: the outputs unfold and new traces show again.
    await switchButton(page).click();
    await expectSwitch(page, 'on');
    expect(await displayMetadata(page)).toEqual({ display: true });
    await expect(
      cellOf(page, 0).locator('.jp-MlflowTraceOutput-placeholder')
    ).toBeHidden();
    await expect(
      viewerOf(page, 0).getByRole('tree', { name: 'Spans' })
    ).toBeVisible();
    await page.notebook.runCell(1, true);
    expect(await outputTypes(page, 1)).toContainEqual([
      MIME,
      'text/html',
      'text/plain'
    ]);
    await expect(
      viewerOf(page, 1).getByRole('tree', { name: 'Spans' })
    ).toBeVisible();
  });

  test('embedded traces render with the tracking server stopped', async ({
    page,
    tmpPath
  }) => {
    // Boots and stops a tracking server of its own.
    test.slow();
    const server = await startMlflowServer();
    try {
      await page.notebook.createNew('offline.ipynb');
      await run(page, 0, tracedCell(server.uri, 'galata-offline'));
      await expect(
        viewerOf(page, 0).getByRole('tree', { name: 'Spans' })
      ).toBeVisible();
      await page.notebook.save();
    } finally {
      await server.stop();
    }
    await expect(fetch(`${server.uri}/health`)).rejects.toThrow();

    // Reopened from disk: the outputs render from what the file holds.
    await page.notebook.close(true);
    await page.filebrowser.open(`${tmpPath}/offline.ipynb`);
    await page.locator(VISIBLE_CELLS).first().waitFor();
    const viewer = viewerOf(page, 0);
    await expect(viewer.getByRole('tree', { name: 'Spans' })).toBeVisible();
    for (const name of ['rag_agent', 'retrieve']) {
      await expect(
        viewer.getByRole('treeitem').filter({ hasText: name }).first()
      ).toBeVisible();
    }
    await viewer
      .getByRole('treeitem')
      .filter({ hasText: 'retrieve' })
      .first()
      .click();
    await expect(viewer.locator('.jp-MlflowTrace-detailPane')).toContainText(
      'MLflow Tracing captures every step'
    );
  });

  test('MLflow\u2019s default store (no tracking URI set) is displayed with the full trace', async ({
    page,
    tmpPath
  }) => {
    await page.notebook.createNew('default-store.ipynb');
    await expect(switchButton(page)).toHaveAttribute(
      'title',
      /whatever the tracking store/
    );
    // A fresh notebook that never sets a tracking URI: MLflow 3.7+ logs to
    // sqlite:///mlflow.db in the kernel's working directory (the notebook's).
    // (The kernel inherits run.sh's MLFLOW_TRACKING_URI: dropped first, as a
    // user's environment would not have it.)
    await run(
      page,
      0,
      `import os
os.environ.pop("MLFLOW_TRACKING_URI", None)
import mlflow

@mlflow.trace(name="default_store_agent")
def agent(question):
    return "answer"

agent("where do my traces go?")`
    );
    expect(await outputTypes(page, 0)).toContainEqual([
      MIME,
      'text/html',
      'text/plain'
    ]);
    const viewer = viewerOf(page, 0);
    await expect(
      viewer
        .getByRole('treeitem')
        .filter({ hasText: 'default_store_agent' })
        .first()
    ).toBeVisible();
    // The static summary rides along for GitHub and nbviewer; no link (no server).
    const html = await outputHtml(page, 0);
    expect(html).toContain('mlflow-trace-summary');
    expect(html).toContain('default_store_agent');
    expect(html).not.toContain('<a ');
    // The tooltip tells what happens, and the kernel reports the store as an
    // absolute URI (the sidebar browses it from the server's side).
    await expect(switchButton(page)).toHaveAttribute(
      'title',
      /Traces are displayed inline/
    );
    const title = (await switchButton(page).getAttribute('title')) ?? '';
    expect(title).toMatch(/tracking URI sqlite:\/\/\/\/\S+\/mlflow\.db/);
    expect(title).toContain(`/${tmpPath}/mlflow.db`);
  });
});

test.describe('kernel restart', () => {
  // Galata's kernel tracking answers POST /api/kernels/<id>/restart with 201, which
  // JupyterLab rejects ("Invalid response: 201 Created"): do not mock the kernels API here.
  test.use({ kernels: null });

  test('off before mlflow is imported, kept across a kernel restart; follows user code and shared kernels', async ({
    page
  }) => {
    await page.notebook.createNew('restart.ipynb');
    await setSource(page, 0, tracedCell(TRACKING_URI));
    await expectSwitch(page, 'on');
    // The palette command toggles the same switch.
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute(
        'jupyterlab-mlflow-traces:toggle-notebook-display'
      )
    );
    await expectSwitch(page, 'off');
    await expect(switchButton(page)).toHaveAttribute(
      'title',
      /not imported yet/
    );

    await page.notebook.runCell(0, true);
    expect(await outputTypes(page, 0)).toEqual([['text/plain']]);
    await expectSwitch(page, 'off');

    await restartKernel(page);
    await expectSwitch(page, 'off');
    await page.notebook.runCell(0, true);
    expect(await outputTypes(page, 0)).toEqual([['text/plain']]);
    await expect(switchButton(page)).toHaveAttribute(
      'title',
      /display disabled/
    );

    // User code flips MLflow's flag itself: the button shows the kernel's real state.
    await run(page, 1, 'mlflow.tracing.enable_notebook_display()');
    await expectSwitch(page, 'on');
    expect(await displayMetadata(page)).toEqual({ display: true });
    await run(page, 2, 'rag_agent("again")');
    expect(await outputTypes(page, 2)).toContainEqual([
      MIME,
      'text/html',
      'text/plain'
    ]);

    // A console on the same kernel shares MLflow's flag: the UI says so and follows it.
    // The command opens a console for the notebook tracker's current notebook:
    // make it this one (in a long run another widget may hold the focus, and the
    // command then does nothing).
    await page.evaluate(`(async () => {
      const app = window.jupyterapp;
      app.shell.activateById(${PANEL}.id);
      await app.commands.execute('notebook:create-console', { activate: false });
    })()`);
    await expect(switchButton(page)).toHaveAttribute(
      'title',
      /shared by 2 clients/
    );
    await page.evaluate(`(async () => {
      const app = window.jupyterapp;
      const kernelId = ${PANEL}.sessionContext.session.kernel.id;
      // Another client of the same kernel runs user code.
      const consolePanel = [...app.shell.widgets('main')].find(
        w => w.console && w.sessionContext?.session?.kernel?.id === kernelId
      );
      await consolePanel.sessionContext.ready;
      consolePanel.console.promptCell.model.sharedModel.setSource('mlflow.tracing.disable_notebook_display()');
      await consolePanel.console.execute(true);
    })()`);
    await page.notebook.activate('restart.ipynb');
    await expect(switchButton(page)).toHaveAttribute(
      'data-mlflow-trace-display',
      'off'
    );
    // The console's code is not this notebook's choice: its metadata stays.
    expect(await displayMetadata(page)).toEqual({ display: true });
  });
});

test.describe('non-HTTP stores', () => {
  test('a sqlite tracking URI displays by default', async ({ page }) => {
    const db = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-sqlite-')),
      'local.db'
    );
    await page.notebook.createNew('sqlite.ipynb');
    await run(page, 0, tracedCell(`sqlite:///${db}`, 'galata-sqlite'));
    expect(await outputTypes(page, 0)).toContainEqual([
      MIME,
      'text/html',
      'text/plain'
    ]);
    const viewer = viewerOf(page, 0);
    await expect(viewer.getByRole('tree', { name: 'Spans' })).toBeVisible();
    await expect(
      viewer.getByRole('treeitem').filter({ hasText: 'rag_agent' }).first()
    ).toBeVisible();
    // The static summary is there for other viewers; JupyterLab shows the native viewer.
    const html = await outputHtml(page, 0);
    expect(html).toContain('mlflow-trace-summary');
    expect(html).not.toContain('iframe');
  });
});

test.describe('non-HTTP stores switched off', () => {
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      [PLUGIN]: { displayWithNonHttpStores: false }
    }
  });

  test('MLflow\u2019s rule: nothing is displayed, and one line says why, once', async ({
    page
  }) => {
    const db = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-sqlite-')),
      'local.db'
    );
    await page.notebook.createNew('sqlite-off.ipynb');
    await run(page, 0, tracedCell(`sqlite:///${db}`, 'galata-sqlite-off'));
    expect(await outputTypes(page, 0)).toEqual([['text/plain']]);
    await expect(cellOf(page, 0)).toContainText(
      `MLflow traces: traces logged to sqlite:///${db} are not shown`
    );
    await expect(switchButton(page)).toHaveAttribute(
      'title',
      /Traces of this store are not displayed/
    );
    // Said once per kernel session.
    await run(page, 1, 'rag_agent("again")');
    expect(await outputTypes(page, 1)).toEqual([['text/plain']]);
    await expect(cellOf(page, 1)).not.toContainText('MLflow traces:');
  });
});

// ---------------------------------------------------------------------------

/** A second MLflow server this test can stop (the shared one from run.sh keeps running). */
async function startMlflowServer(): Promise<{
  uri: string;
  stop: () => Promise<void>;
}> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlflow-offline-'));
  const proc: ChildProcess = spawn(
    'mlflow',
    [
      'server',
      '--backend-store-uri',
      `sqlite:///${dir}/mlflow.db`,
      '--default-artifact-root',
      `${dir}/artifacts`,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--workers',
      '1'
    ],
    {
      detached: true,
      stdio: 'ignore',
      // The job runner starts ~10 worker processes this test does not use.
      env: { ...process.env, MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false' }
    }
  );
  const uri = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (proc.pid && proc.exitCode === null) {
      const exited = new Promise(resolve => proc.once('exit', resolve));
      process.kill(-proc.pid, 'SIGTERM');
      await Promise.race([
        exited,
        new Promise(resolve => setTimeout(resolve, 20000))
      ]);
    }
  };
  for (let i = 0; i < 240; i++) {
    try {
      const response = await fetch(`${uri}/health`);
      if (response.ok) {
        return { uri, stop };
      }
    } catch {
      // not up yet
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  await stop();
  throw new Error('the MLflow server of the offline test did not start');
}

test.describe('without the automatic kernel hook', () => {
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      [PLUGIN]: { autoLoadKernelHook: false }
    }
  });

  test('nothing is loaded into the kernel; the switch still calls MLflow', async ({
    page
  }) => {
    await page.notebook.createNew('nohook.ipynb');
    // Without the hook, MLflow 3.17 displays nothing unless its spans are
    // exported synchronously (the hook flushes them instead).
    await run(
      page,
      0,
      'import os\nos.environ["MLFLOW_USE_BATCH_SPAN_PROCESSOR"] = "false"\n' +
        tracedCell(TRACKING_URI)
    );
    // MLflow's own bundle: no embedded trace.
    expect(await outputTypes(page, 0)).toContainEqual([
      'text/html',
      'text/plain'
    ]);
    await expect(switchButton(page)).toHaveAttribute(
      'title',
      /kernel hook is not loaded/
    );

    await switchButton(page).click();
    await expectSwitch(page, 'off');
    await run(page, 1, 'rag_agent("quiet")');
    expect(await outputTypes(page, 1)).toEqual([['text/plain']]);
    await run(
      page,
      2,
      "import sys; ('jupyterlab_mlflow_traces.kernel_hook' in sys.modules, mlflow.tracing.display.IPythonTraceDisplayHandler.disabled)"
    );
    expect(await page.notebook.getCellTextOutput(2)).toEqual(['(False, True)']);
  });
});
