/**
 * A notebook of many traced cells, made by a real ipykernel with the real
 * mlflow SDK and a real tracking server (run.sh): reopened, the outputs far
 * from the viewport are light placeholders of the viewer's height; scrolling
 * to one mounts its viewer, whose keys and search work as anywhere else, and
 * which keeps its selected span when scrolled away and back.
 */
import { expect, test } from '@jupyterlab/galata';

import { notebookJson, TRACKING_URI } from './utils';

const TRACED_CELLS = 12;

/** A traced agent of 20 spans: the root and step_00 … step_18. */
const SETUP_CELL = `import mlflow
mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("galata-many-outputs")

@mlflow.trace(name="agent")
def agent(cell):
    for k in range(19):
        with mlflow.start_span(name=f"step_{k:02d}") as span:
            span.set_inputs({"cell": cell, "step": k})
    return f"done {cell}"`;

test('off-screen trace outputs wait as placeholders and mount when scrolled to', async ({
  page,
  tmpPath
}) => {
  const name = 'many-outputs.ipynb';
  const cellsSource = [
    { source: SETUP_CELL },
    ...Array.from({ length: TRACED_CELLS }, (_, i) => ({
      source: `agent(${i + 1})`
    }))
  ];
  await page.contents.uploadContent(
    notebookJson(cellsSource),
    'text',
    `${tmpPath}/${name}`
  );
  await page.filebrowser.open(`${tmpPath}/${name}`);
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  await page.notebook.run();
  // MLflow's post-cell display, through the hook, gave each traced cell its trace.
  const tracedCells = await page.evaluate(() => {
    const notebook = (window as any).jupyterapp.shell.currentWidget.content;
    return notebook.widgets.map((cell: any) => {
      const outputs = cell.model.outputs;
      for (let i = 0; i < (outputs?.length ?? 0); i++) {
        if ('application/vnd.mlflow.trace+json' in outputs.get(i).data) {
          return true;
        }
      }
      return false;
    });
  });
  expect(tracedCells).toEqual([false, ...Array(TRACED_CELLS).fill(true)]);
  await page.notebook.save();
  await page.notebook.close();

  // Reopened: the outputs are the saved ones, rendered at open.
  await page.filebrowser.open(`${tmpPath}/${name}`);
  const cells = page.locator('.jp-Notebook .jp-Cell');
  await expect(cells).toHaveCount(TRACED_CELLS + 1);
  const first = cells.nth(1);
  const last = cells.nth(TRACED_CELLS);
  await expect(first.locator('.jp-MlflowTrace')).toBeVisible();
  await expect(first.locator('.jp-MlflowTraceOutput-host')).not.toHaveClass(
    /jp-MlflowTraceOutput-waiting/
  );

  // The last output is far below: a placeholder of the viewer's height, no viewer.
  const lastHost = last.locator('.jp-MlflowTraceOutput-host');
  await expect(lastHost).toHaveClass(/jp-MlflowTraceOutput-waiting/);
  await expect(last.locator('.jp-MlflowTrace')).toHaveCount(0);
  // The first output that starts below the panel's fold, within a screen of
  // it, mounts too, without any scroll (the trust corpus's case: a tall cell
  // whose output starts just below the fold).
  const belowFold = await page.evaluate(() => {
    const panel = document
      .querySelector(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer'
      )!
      .getBoundingClientRect();
    const cells = [
      ...document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell'
      )
    ];
    const index = cells.findIndex(
      c =>
        (c.querySelector('.jp-MlflowTraceOutput-host')?.getBoundingClientRect()
          .top ?? -Infinity) > panel.bottom
    );
    const top = cells[index]
      .querySelector('.jp-MlflowTraceOutput-host')!
      .getBoundingClientRect().top;
    return { index, withinAScreen: top < panel.bottom + panel.height };
  });
  expect(belowFold.index).toBeGreaterThan(1);
  expect(belowFold.withinAScreen).toBe(true);
  const nextCell = cells.nth(belowFold.index);
  await expect(nextCell.locator('.jp-MlflowTrace [role="tree"]')).toHaveCount(
    1
  );
  await expect(nextCell.locator('.jp-MlflowTraceOutput-host')).not.toHaveClass(
    /jp-MlflowTraceOutput-waiting/
  );
  expect(
    await page
      .locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer')
      .evaluate(el => el.scrollTop)
  ).toBe(0);

  const viewerHeight = await first
    .locator('.jp-MlflowTrace')
    .evaluate(el => el.getBoundingClientRect().height);
  const placeholderHeight = await lastHost.evaluate(
    el => el.getBoundingClientRect().height
  );
  // The same traces (20 spans each): the fitted viewer's first guess.
  expect(placeholderHeight).toBeGreaterThan(viewerHeight / 2);
  expect(placeholderHeight).toBeLessThan(viewerHeight * 2);

  // Scrolled to, it mounts its viewer.
  await lastHost.scrollIntoViewIfNeeded();
  const viewer = last.locator('.jp-MlflowTrace');
  await expect(viewer).toBeVisible();
  await expect(lastHost).not.toHaveClass(/jp-MlflowTraceOutput-waiting/);

  // Its keys work: ArrowDown moves the span selection.
  const tree = viewer.getByRole('tree', { name: 'Spans' });
  const row = (span: string) =>
    viewer.getByRole('treeitem').filter({ hasText: span }).first();
  await row('agent').click();
  await expect(row('agent')).toHaveAttribute('aria-selected', 'true');
  await tree.focus();
  await page.keyboard.press('ArrowDown');
  await expect(row('step_00')).toHaveAttribute('aria-selected', 'true');

  // Its search works.
  const searchBox = viewer.getByRole('searchbox', { name: 'Search spans' });
  await searchBox.fill('step_07');
  await expect(viewer.locator('.jp-MlflowTrace-matchCount')).toHaveText(
    '1 of 1'
  );
  await searchBox.press('Enter');
  await expect(row('step_07')).toHaveAttribute('aria-selected', 'true');

  // Scrolled away and back, the viewer kept its selection and search.
  await first.scrollIntoViewIfNeeded();
  await expect(first.locator('.jp-MlflowTrace')).toBeVisible();
  await lastHost.scrollIntoViewIfNeeded();
  await expect(row('step_07')).toHaveAttribute('aria-selected', 'true');
  await expect(searchBox).toHaveValue('step_07');
});
