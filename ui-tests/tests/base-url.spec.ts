/**
 * The extension under a non-root base_url, as JupyterHub serves JupyterLab
 * (/user/<name>/). playwright.config.js runs this spec alone against a second
 * JupyterLab server started with base_url /user/alice/; Galata's baseURL
 * carries the prefix. Every request the page makes is recorded, so a path
 * built from "/" instead of the base_url shows up as a stray request or a 404.
 */
import {
  expect,
  galata,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';
import type { Page } from '@playwright/test';

import {
  mlflowApi,
  notebookJson,
  spanRow,
  tracedCell,
  TRACKING_URI,
  viewerOf
} from './utils';

const BASE_URL = process.env.LAB_BASE_URL || '/user/alice/';
const RUN = Date.now().toString(36);
const SIDEBAR_ID = 'jp-mlflow-traces-sidebar';
const API = `${BASE_URL}jupyterlab-mlflow-traces/`;

interface ISeen {
  url: URL;
  status: number;
}

/**
 * Load the app with every HTTP request of the page to the JupyterLab
 * server recorded, with its status (0: failed).
 */
async function reloadRecording(
  page: IJupyterLabPageFixture,
  baseURL: string
): Promise<ISeen[]> {
  const labOrigin = new URL(baseURL).origin;
  const seen: ISeen[] = [];
  const raw = page as unknown as Page;
  raw.on('requestfinished', async request => {
    const url = new URL(request.url());
    if (url.origin === labOrigin) {
      seen.push({ url, status: (await request.response())?.status() ?? 0 });
    }
  });
  raw.on('requestfailed', request => {
    const url = new URL(request.url());
    if (url.origin === labOrigin) {
      seen.push({ url, status: 0 });
    }
  });
  await page.goto();
  return seen;
}

function expectAllUnderBaseUrl(seen: ISeen[]): void {
  const stray = seen.filter(s => !s.url.pathname.startsWith(BASE_URL));
  expect(stray.map(s => s.url.pathname)).toEqual([]);
  const failed = seen.filter(s => s.status === 0 || s.status >= 400);
  expect(failed.map(s => `${s.status} ${s.url.pathname}`)).toEqual([]);
  // The extension's assets were among them.
  expect(
    seen.some(s =>
      s.url.pathname.startsWith(
        `${BASE_URL}lab/extensions/jupyterlab-mlflow-traces/`
      )
    )
  ).toBe(true);
}

/**
 * Put a notebook with one code cell on the server, open it and run it.
 * Through the REST API under the base_url: Galata's contents helpers (and its
 * tmpPath) drop the path of their baseURL.
 */
async function runNotebook(
  page: IJupyterLabPageFixture,
  baseURL: string,
  name: string,
  source: string
): Promise<void> {
  const response = await page.request.put(`${baseURL}/api/contents/${name}`, {
    data: { type: 'file', format: 'text', content: notebookJson([{ source }]) }
  });
  expect(response.status()).toBe(201);
  // By command: the file browser may be hidden behind the MLflow sidebar.
  await page.evaluate(async p => {
    await (window as any).jupyterapp.commands.execute('docmanager:open', {
      path: p
    });
  }, name);
  await page.waitForSelector('.jp-NotebookPanel .jp-Notebook .jp-Cell');
  await page.notebook.run();
}

/** The one trace a cell logged to this experiment, and its MLflow UI link. */
async function loggedTrace(
  experimentName: string
): Promise<{ traceId: string; experimentId: string; uiLink: string }> {
  const { experiment } = await mlflowApi(
    `/api/2.0/mlflow/experiments/get-by-name?experiment_name=${experimentName}`
  );
  const found = await mlflowApi('/api/3.0/mlflow/traces/search', {
    locations: [
      {
        type: 'MLFLOW_EXPERIMENT',
        mlflow_experiment: { experiment_id: experiment.experiment_id }
      }
    ],
    max_results: 10
  });
  expect(found.traces).toHaveLength(1);
  const traceId: string = found.traces[0].trace_id;
  const experimentId: string = experiment.experiment_id;
  return {
    traceId,
    experimentId,
    uiLink: `${TRACKING_URI}/#/experiments/${experimentId}?selectedTraceId=${traceId}`
  };
}

test.describe(`JupyterLab under base_url ${BASE_URL}`, () => {
  // Galata's own first page load goes to its tmpPath, which it cannot create
  // under a base_url (see runNotebook): the tests load the app themselves.
  test.use({ autoGoto: false });

  test('a traced cell renders inline, the sidebar lists its trace, links and requests are right', async ({
    page,
    baseURL
  }) => {
    expect(new URL(baseURL!).pathname.replace(/\/?$/, '/')).toBe(BASE_URL);
    const seen = await reloadRecording(page, baseURL!);
    const experiment = `galata-base-url-${RUN}`;

    // The kernel hook (sent over the kernel's websocket) embeds the trace.
    await runNotebook(
      page,
      baseURL!,
      `${experiment}.ipynb`,
      tracedCell(experiment)
    );
    const viewer = viewerOf(page, 0);
    await expect(viewer.getByRole('tree', { name: 'Spans' })).toBeVisible();
    await expect(spanRow(viewer, 'retrieve')).toBeVisible();
    const { uiLink } = await loggedTrace(experiment);
    // "Open in MLflow UI" points at the tracking server, not at Jupyter.
    await expect(
      viewer.getByRole('link', { name: /Open in MLflow UI/ })
    ).toHaveAttribute('href', uiLink);

    await page.sidebar.openTab(SIDEBAR_ID);
    const sidebar = page.locator(`#${SIDEBAR_ID}`);
    await expect(
      sidebar.getByText(TRACKING_URI, { exact: true })
    ).toBeVisible();
    await expect(sidebar.getByText(/^Connected · MLflow 3\./)).toBeVisible();
    await sidebar
      .getByRole('listbox', { name: 'Experiments' })
      .getByRole('option')
      .filter({ hasText: experiment })
      .click();
    const row = sidebar
      .getByRole('listbox', { name: 'Traces' })
      .getByRole('option')
      .filter({ hasText: 'rag_agent' });
    await expect(row).toHaveCount(1);
    await row.click();
    const tab = page.locator('.jp-MlflowTraceTab-panel').last();
    await expect(spanRow(tab, 'retrieve')).toBeVisible();
    await expect(
      tab.getByRole('link', { name: /Open in MLflow UI/ }).first()
    ).toHaveAttribute('href', uiLink);

    expectAllUnderBaseUrl(seen);
    const paths = seen.map(s => s.url.pathname);
    expect(paths).toContain(`${API}status`);
    expect(paths).toContain(`${API}experiments`);
    expect(
      paths.some(
        p => p.startsWith(`${API}experiments/`) && p.endsWith('/traces')
      )
    ).toBe(true);
  });

  test.describe('without the kernel hook', () => {
    test.use({
      mockSettings: {
        ...galata.DEFAULT_SETTINGS,
        'jupyterlab-mlflow-traces:notebook-display': {
          autoLoadKernelHook: false
        }
      }
    });

    test("MLflow's own output (an iframe reference) is fetched through the server extension", async ({
      page,
      baseURL
    }) => {
      const seen = await reloadRecording(page, baseURL!);
      const experiment = `galata-base-url-ref-${RUN}`;
      // Without the hook, MLflow 3.17 displays only spans exported synchronously.
      await runNotebook(
        page,
        baseURL!,
        `${experiment}.ipynb`,
        'import os\nos.environ["MLFLOW_USE_BATCH_SPAN_PROCESSOR"] = "false"\n' +
          tracedCell(experiment)
      );
      const viewer = viewerOf(page, 0);
      await expect(spanRow(viewer, 'rag_agent')).toBeVisible();
      await expect(spanRow(viewer, 'retrieve')).toBeVisible();
      const { traceId, uiLink } = await loggedTrace(experiment);
      await expect(
        viewer.getByRole('link', { name: /Open in MLflow UI/ })
      ).toHaveAttribute('href', uiLink);
      // The output held only the id: the trace came through the server extension.
      expect(
        await page.evaluate(() =>
          (window as any).jupyterapp.shell.currentWidget.content.model.cells
            .get(0)
            .outputs.toJSON()
            .some(
              (o: any) => 'application/vnd.mlflow.trace+json' in (o.data ?? {})
            )
        )
      ).toBe(false);
      expect(
        seen.some(
          s => s.url.pathname === `${API}traces/${traceId}` && s.status === 200
        )
      ).toBe(true);
      expectAllUnderBaseUrl(seen);
    });
  });
});
