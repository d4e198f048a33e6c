/**
 * The MLflow sidebar in real JupyterLab against a real MLflow tracking server
 * (started by run.sh, which exports MLFLOW_TRACKING_URI), with a real kernel
 * and the real mlflow SDK.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { freePort, mlflowApi, notebookJson, TRACKING_URI } from './utils';
const SIDEBAR_ID = 'jp-mlflow-traces-sidebar';
const VIEWER_PLUGIN = 'jupyterlab-mlflow-traces:plugin';
const RUN = Date.now().toString(36);

const TRACED_CELL = (experiment: string) => `import mlflow
mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("${experiment}")

@mlflow.trace(span_type="RETRIEVER")
def retrieve(query):
    return [{"page_content": "MLflow Tracing captures every step", "metadata": {"source": "docs"}}]

@mlflow.trace(span_type="LLM")
def generate(question, docs):
    mlflow.get_current_active_span().set_attribute(
        "mlflow.chat.tokenUsage", {"input_tokens": 12, "output_tokens": 30, "total_tokens": 42}
    )
    return "It records each step of your app as a span."

@mlflow.trace(name="rag_agent", span_type="AGENT")
def rag_agent(question):
    return generate(question, retrieve(question))

rag_agent("What does MLflow Tracing do?")`;

function sidebar(page: IJupyterLabPageFixture): Locator {
  return page.locator(`#${SIDEBAR_ID}`);
}

function experimentRows(page: IJupyterLabPageFixture): Locator {
  return sidebar(page)
    .getByRole('listbox', { name: 'Experiments' })
    .getByRole('option');
}

function traceRows(page: IJupyterLabPageFixture): Locator {
  return sidebar(page)
    .getByRole('listbox', { name: 'Traces' })
    .getByRole('option');
}

async function openSidebar(page: IJupyterLabPageFixture): Promise<void> {
  await page.sidebar.openTab(SIDEBAR_ID);
  await expect(sidebar(page)).toBeVisible();
}

/** Set the "Tracking URI" setting the way the Settings Editor does. */
async function setTrackingUri(
  page: IJupyterLabPageFixture,
  uri: string
): Promise<void> {
  await page.evaluate(
    async ({ plugin, value }) => {
      const registry: any = await (window as any).galata.getPlugin(
        '@jupyterlab/apputils-extension:settings'
      );
      await registry.set(plugin, 'trackingUri', value);
    },
    { plugin: VIEWER_PLUGIN, value: uri }
  );
}

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
  // Opened by command: the file browser is hidden behind the MLflow sidebar.
  await page.evaluate(async notebookPath => {
    await (window as any).jupyterapp.commands.execute('docmanager:open', {
      path: notebookPath
    });
  }, `${tmpPath}/${name}`);
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  await page.notebook.run();
}

async function waitForHealth(uri: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${uri}/health`);
      if (response.ok) {
        return;
      }
    } catch {
      // not up yet
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(`no MLflow server at ${uri} after ${timeoutMs} ms`);
}

test.describe('MLflow sidebar', () => {
  test('lists the experiments and search narrows them', async ({
    page
  }, testInfo) => {
    const names = [
      `sidebar-alpha-${RUN}-1`,
      `sidebar-alpha-${RUN}-2`,
      `sidebar-beta-${RUN}`
    ];
    for (const name of names) {
      await mlflowApi('/api/2.0/mlflow/experiments/create', { name });
    }
    await openSidebar(page);
    await expect(
      sidebar(page).getByText(TRACKING_URI, { exact: true })
    ).toBeVisible();
    await expect(
      sidebar(page).getByText(/^Connected · MLflow 3\./)
    ).toBeVisible();
    // Newest first: the experiments just created lead the list.
    await expect(experimentRows(page).first()).toContainText(names[2]);
    for (const name of names) {
      await expect(experimentRows(page).filter({ hasText: name })).toHaveCount(
        1
      );
    }

    await sidebar(page)
      .getByRole('searchbox', { name: 'Search experiments by name' })
      .fill(`SIDEBAR-ALPHA-${RUN.toUpperCase()}`);
    await expect(experimentRows(page)).toHaveCount(2);
    await expect(
      experimentRows(page).filter({ hasText: names[2] })
    ).toHaveCount(0);

    await sidebar(page)
      .getByRole('searchbox', { name: 'Search experiments by name' })
      .fill('zzz-none');
    await expect(
      sidebar(page).getByText('No experiment matches “zzz-none”')
    ).toBeVisible();
    await sidebar(page)
      .getByRole('button', { name: 'Clear the search' })
      .click();
    await expect(
      experimentRows(page).filter({ hasText: names[0] })
    ).toHaveCount(1);
    await page.screenshot({
      path: testInfo.outputPath('sidebar-experiments-light.png')
    });
  });

  test('its code arrives with its first opening, not at start-up', async ({
    page
  }) => {
    // Every file of this extension the page requests. Bodies are read
    // afterwards with a separate request: a response's own body may be gone
    // once the page has run it.
    const requested: string[] = [];
    page.on('request', request => {
      if (
        /\/lab\/extensions\/jupyterlab-mlflow-traces\/static\/[^?]*\.js(\?|$)/.test(
          request.url()
        )
      ) {
        requested.push(request.url());
      }
    });
    // The sidebar model's Poll name: only its lazy chunk holds it.
    const sidebarCodeRequested = async () => {
      for (const url of requested) {
        const text = await (await page.request.get(url)).text();
        if (text.includes('mlflow-traces:look-for-new-traces')) {
          return true;
        }
      }
      return false;
    };

    await page.reload();
    // The shell is there at start-up: the sidebar's tab.
    await expect(
      page.locator(`.jp-SideBar .lm-TabBar-tab[data-id="${SIDEBAR_ID}"]`)
    ).toBeVisible();
    expect(requested.length).toBeGreaterThan(0);
    expect(await sidebarCodeRequested(), requested.join('\n')).toBe(false);

    await openSidebar(page);
    await expect(
      sidebar(page).getByRole('listbox', { name: 'Experiments' })
    ).toBeVisible({ timeout: 60000 });
    expect(await sidebarCodeRequested(), requested.join('\n')).toBe(true);
  });

  test('follows a traced cell and opens its trace in a tab with the viewer', async ({
    page,
    tmpPath
  }, testInfo) => {
    const experiment = `sidebar-demo-${RUN}`;
    await openSidebar(page);
    await runNotebook(page, tmpPath, 'sidebar-traced.ipynb', [
      TRACED_CELL(experiment)
    ]);

    // The sidebar switches to the experiment the cell traced into and lists the trace.
    await expect(
      sidebar(page).locator(
        '.jp-MlflowSidebar-traces .jp-MlflowSidebar-paneTitle'
      )
    ).toContainText(experiment, { timeout: 60000 });
    await expect(traceRows(page).filter({ hasText: 'rag_agent' })).toHaveCount(
      1,
      { timeout: 60000 }
    );
    await expect(
      experimentRows(page).filter({ hasText: experiment })
    ).toHaveClass(/jp-mod-followed/);
    const row = traceRows(page).filter({ hasText: 'rag_agent' });
    await expect(row).toContainText('OK');
    await expect(row).toContainText('What does MLflow Tracing do?');
    // At the default width the name has the row's width, and status, request
    // preview, start, duration and tokens are all in view.
    const name = row.locator('.jp-MlflowSidebar-traceName');
    await expect(name).toHaveText('rag_agent');
    const [nameBox, rowBox] = [
      await name.boundingBox(),
      await row.boundingBox()
    ];
    expect(nameBox!.width).toBeGreaterThan(rowBox!.width * 0.6);
    for (const part of [
      '.jp-MlflowSidebar-statusLabel',
      '.jp-MlflowSidebar-tracePreview',
      '.jp-MlflowSidebar-traceStart',
      '.jp-MlflowSidebar-traceDuration'
    ]) {
      await expect(row.locator(part)).toBeVisible();
    }
    await expect(row.locator('.jp-MlflowSidebar-tokensColumn')).toHaveText(
      '42'
    );
    await expect(row.locator('.jp-MlflowSidebar-tokensColumn')).toBeVisible();

    await page.screenshot({
      path: testInfo.outputPath('sidebar-traces-narrow-light.png')
    });
    await page.sidebar.setWidth(420, 'left');
    await page.screenshot({
      path: testInfo.outputPath('sidebar-traces-light.png')
    });

    await row.click();
    const tab = page.locator('.jp-MlflowTraceTab-panel').last();
    await expect(tab).toBeVisible();
    const viewer = tab.locator('.jp-MlflowTrace');
    await expect(viewer).toBeVisible({ timeout: 60000 });
    for (const span of ['rag_agent', 'retrieve', 'generate']) {
      await expect(
        viewer.getByRole('treeitem').filter({ hasText: span }).first()
      ).toBeVisible();
    }
    await expect(
      page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current')
    ).toContainText('rag_agent');
    const openInMlflow = tab.getByRole('button', { name: 'Open in MLflow UI' });
    await expect(openInMlflow).toBeEnabled();
    await expect(
      viewer.getByRole('link', { name: /Open in MLflow UI/ })
    ).toHaveAttribute(
      'href',
      new RegExp(`^${TRACKING_URI}/#/experiments/\\d+\\?selectedTraceId=tr-`)
    );
    await page.screenshot({ path: testInfo.outputPath('trace-tab-light.png') });

    await page.theme.setDarkTheme();
    await page.sidebar.openTab(SIDEBAR_ID);
    await page.screenshot({ path: testInfo.outputPath('trace-tab-dark.png') });
  });

  test('an unreachable server shows its message and recovers on retry', async ({
    page
  }, testInfo) => {
    const port = await freePort();
    const uri = `http://127.0.0.1:${port}`;
    let server: ChildProcess | null = null;
    const state = fs.mkdtempSync(path.join(os.tmpdir(), 'sidebar-mlflow-'));
    try {
      await openSidebar(page);
      await expect(sidebar(page).getByText(/^Connected/)).toBeVisible();
      await setTrackingUri(page, uri);
      const problem = sidebar(page).locator(
        '.jp-MlflowSidebar-connectionProblem'
      );
      await expect(problem).toContainText(
        `tracking server unreachable at ${uri}: connection refused`
      );
      // The advice names the configured port, not MLflow's default.
      await expect(problem).toContainText(`mlflow server --port ${port})`);
      await expect(sidebar(page).getByText('Not reachable')).toBeVisible();
      await expect(
        sidebar(page).getByText(
          'The tracking server is not connected: see above.'
        )
      ).toBeVisible();
      await page.theme.setDarkTheme();
      await page.screenshot({
        path: testInfo.outputPath('sidebar-unreachable-dark.png')
      });
      await page.theme.setLightTheme();

      // Retrying while it is still down says so again.
      await problem.getByRole('button', { name: 'Retry' }).click();
      await expect(problem).toContainText('connection refused');

      // Start a tracking server on that port, then retry.
      server = spawn(
        'mlflow',
        [
          'server',
          '--backend-store-uri',
          `sqlite:///${state}/mlflow.db`,
          '--default-artifact-root',
          `${state}/artifacts`,
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
          env: { ...process.env, MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false' }
        }
      );
      await waitForHealth(uri, 90000);
      await problem.getByRole('button', { name: 'Retry' }).click();
      await expect(
        sidebar(page).getByText(/^Connected · MLflow 3\./)
      ).toBeVisible();
      await expect(sidebar(page).getByText(uri, { exact: true })).toBeVisible();
      await expect(
        experimentRows(page).filter({ hasText: 'Default' })
      ).toHaveCount(1);
    } finally {
      await setTrackingUri(page, '').catch(() => undefined);
      if (server?.pid) {
        try {
          process.kill(-server.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      fs.rmSync(state, { recursive: true, force: true });
    }
  });

  test("browses the notebook's own store when the notebook sets no tracking URI", async ({
    page,
    tmpPath
  }, testInfo) => {
    await openSidebar(page);
    await expect(sidebar(page).getByText(/^Connected/)).toBeVisible();
    await runNotebook(page, tmpPath, 'default-store.ipynb', [
      `import os
# run.sh gives JupyterLab (and so its kernels) the test server's MLFLOW_TRACKING_URI;
# a fresh notebook has none, and MLflow 3.7+ then logs to sqlite:///mlflow.db in its folder.
os.environ.pop("MLFLOW_TRACKING_URI", None)
import mlflow

@mlflow.trace(name="local_agent", span_type="AGENT")
def local_agent(question):
    return "answered from the default store"

local_agent("Where do my traces go?")
print(mlflow.get_tracking_uri())`
    ]);
    const store = sidebar(page).getByRole('region', {
      name: 'Notebook tracking store'
    });
    await expect(store).toContainText(`/${tmpPath}/mlflow.db`, {
      timeout: 60000
    });
    const storeUri = (await store
      .locator('.jp-MlflowSidebar-storeUri')
      .textContent())!;
    expect(storeUri).toMatch(/^sqlite:\/\/\/\/.+\/mlflow\.db$/);
    await store
      .getByRole('button', { name: "Browse the notebook's store" })
      .click();
    await expect(sidebar(page).locator('.jp-MlflowSidebar-uri')).toHaveText(
      storeUri
    );
    await expect(
      sidebar(page).getByText(/^Connected · MLflow 3\./)
    ).toBeVisible();
    await experimentRows(page).filter({ hasText: 'Default' }).click();
    const row = traceRows(page).filter({ hasText: 'local_agent' });
    await expect(row).toHaveCount(1, { timeout: 60000 });
    await page.screenshot({
      path: testInfo.outputPath('sidebar-notebook-store-light.png')
    });

    await row.click();
    const tab = page.locator('.jp-MlflowTraceTab-panel').last();
    await expect(
      tab.locator('.jp-MlflowTrace').getByRole('treeitem').first()
    ).toContainText('local_agent', { timeout: 60000 });

    // Back: the server's store, which browsing never changed.
    await page.sidebar.openTab(SIDEBAR_ID);
    await store
      .getByRole('button', { name: "Back to the server's store" })
      .click();
    await expect(sidebar(page).locator('.jp-MlflowSidebar-uri')).toHaveText(
      TRACKING_URI
    );
    await expect(store).toContainText(storeUri);
  });

  test('pages through 250 traces while scrolling, rendering only the rows in view', async ({
    page,
    tmpPath
  }) => {
    const experiment = `sidebar-many-${RUN}`;
    await runNotebook(page, tmpPath, 'sidebar-many.ipynb', [
      `import mlflow
mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("${experiment}")
mlflow.tracing.disable_notebook_display()

@mlflow.trace(name="step")
def step(i):
    return i

for i in range(250):
    step(i)
mlflow.flush_trace_async_logging()
print("done")`
    ]);
    await expect(
      page.locator('.jp-OutputArea-output').filter({ hasText: 'done' })
    ).toBeVisible({ timeout: 120000 });
    await openSidebar(page);
    await sidebar(page)
      .getByRole('button', { name: 'Refresh experiments and traces' })
      .click();
    await experimentRows(page).filter({ hasText: experiment }).click();
    const list = sidebar(page).getByRole('listbox', { name: 'Traces' });
    await expect(traceRows(page).first()).toHaveAttribute(
      'aria-setsize',
      '100'
    );
    expect(await traceRows(page).count()).toBeLessThan(60);
    for (const size of ['200', '250']) {
      await list.evaluate(el => (el.scrollTop = el.scrollHeight));
      await expect(traceRows(page).last()).toHaveAttribute(
        'aria-setsize',
        size
      );
    }
    await list.evaluate(el => (el.scrollTop = el.scrollHeight));
    await expect(traceRows(page).last()).toHaveAttribute(
      'aria-posinset',
      '250'
    );
    expect(await traceRows(page).count()).toBeLessThan(60);
  });

  test('palette commands open the sidebar and a trace by id', async ({
    page
  }) => {
    await page.evaluate(async () => {
      await (window as any).jupyterapp.commands.execute(
        'jupyterlab-mlflow-traces:open-sidebar'
      );
    });
    await expect(sidebar(page)).toBeVisible();
    await page.evaluate(async () => {
      await (window as any).jupyterapp.commands.execute(
        'jupyterlab-mlflow-traces:open-trace',
        {
          traceId: 'tr-00000000000000000000000000000000'
        }
      );
    });
    const tab = page.locator('.jp-MlflowTraceTab-panel').last();
    await expect(tab.getByRole('alert')).toContainText(
      'trace tr-00000000000000000000000000000000 not found on',
      { timeout: 60000 }
    );
    await expect(tab.getByRole('button', { name: 'Retry' })).toBeVisible();
  });
});
