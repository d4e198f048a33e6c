/**
 * Notebook 7 (the `notebook` package, on the same Jupyter server as
 * JupyterLab: /notebooks/<path>), with a real ipykernel, the real mlflow SDK
 * and the tracking server run.sh started. Notebook 7 is its own application:
 * no ILabShell, no left area, its own notebook view and toolbar.
 */
import { expect, test } from '@jupyterlab/galata';
import type { Page } from '@playwright/test';

import { notebookJson, outputMimeTypes, spanRow, tracedCell } from './utils';

/** An output the kernel hook completed: the full trace next to MLflow's own. */
const EMBEDDED = [
  'application/vnd.mlflow.trace+json',
  'text/html',
  'text/plain'
];

/** In-page expression: Notebook 7's notebook panel (its only main widget). */
const PANEL = '(window.jupyterapp.shell.currentWidget)';

/** Run every cell through Notebook 7's own command; resolves when they ran. */
async function runAll(nb: Page): Promise<void> {
  await nb.evaluate(`(async () => {
    await ${PANEL}.sessionContext.ready;
    await window.jupyterapp.commands.execute('notebook:run-all-cells');
  })()`);
}

test.describe('Notebook 7', () => {
  // Notebook 7 is opened in a page of its own; Galata's page only uploads the file.
  test.use({ autoGoto: false });

  test('a traced cell renders the viewer and the toolbar switch turns the display off and on', async ({
    page,
    baseURL,
    tmpPath
  }) => {
    const file = `${tmpPath}/notebook7.ipynb`;
    await page.contents.uploadContent(
      notebookJson([{ source: tracedCell('galata-notebook7') }]),
      'text',
      file
    );
    const nb = await page.context().newPage();
    // Errors thrown from this extension's code. (Notebook 7.6.5 itself throws
    // "Cannot read properties of undefined (reading 'schema')" from its
    // shortcuts settings at load, with this extension disabled too.)
    const errors: string[] = [];
    nb.on('pageerror', error => {
      if (error.stack?.includes('jupyterlab-mlflow-traces')) {
        errors.push(error.stack);
      }
    });
    try {
      await nb.goto(`${baseURL}/notebooks/${file}`);
      // Notebook 7's application, not JupyterLab's.
      await nb.waitForFunction(() => !!(window as any).jupyterapp);
      await nb.evaluate(() => (window as any).jupyterapp.restored);
      expect(await nb.evaluate(() => (window as any).jupyterapp.name)).toBe(
        'Jupyter Notebook'
      );
      const cell = nb.locator('.jp-Notebook .jp-Cell');
      await expect(cell.first()).toBeVisible();
      const button = nb.locator('.jp-MlflowTraces-displaySwitchButton');
      await expect(button).toHaveAttribute('data-mlflow-trace-display', 'on');
      // The kernel reported the hook in place (its tooltip says so) before the cell runs.
      await expect(button).toHaveAttribute(
        'title',
        /the switch is applied when your code imports it/
      );

      await runAll(nb);
      // The kernel hook embedded the full trace, and the viewer renders it.
      expect(await outputMimeTypes(nb, PANEL, 0)).toContainEqual(EMBEDDED);
      const viewer = cell.nth(0).locator('.jp-MlflowTrace');
      await expect(viewer.getByRole('tree', { name: 'Spans' })).toBeVisible();
      await expect(spanRow(viewer, 'retrieve')).toBeVisible();

      // Off: the output folds, the notebook remembers, the kernel displays nothing new.
      await button.click();
      await expect(button).toHaveAttribute('data-mlflow-trace-display', 'off');
      await expect(
        cell.nth(0).locator('.jp-MlflowTraceOutput-placeholder')
      ).toContainText('MLflow trace hidden');
      expect(
        await nb.evaluate(`${PANEL}.content.model.getMetadata('mlflow_traces')`)
      ).toEqual({ display: false });
      await runAll(nb);
      expect(await outputMimeTypes(nb, PANEL, 0)).toEqual([['text/plain']]);
      await expect(cell.nth(0).locator('.jp-MlflowTraceOutput')).toHaveCount(0);

      // On: traced cells display again.
      await button.click();
      await expect(button).toHaveAttribute('data-mlflow-trace-display', 'on');
      await runAll(nb);
      expect(await outputMimeTypes(nb, PANEL, 0)).toContainEqual(EMBEDDED);
      await expect(viewer.getByRole('tree', { name: 'Spans' })).toBeVisible();
      expect(errors).toEqual([]);
    } finally {
      // Galata tracks the kernels of its own page only: stop this one here.
      await nb
        .evaluate(`${PANEL}.sessionContext.shutdown()`)
        .catch(() => undefined);
      await nb.close();
    }
  });
});
