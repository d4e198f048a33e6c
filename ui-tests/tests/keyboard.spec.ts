/**
 * Keys inside a trace output, in real JupyterLab with a real ipykernel, the
 * real mlflow SDK and a real tracking server (started by run.sh): the keys
 * the viewer handles stay in it; Shift+Enter, Ctrl+S, Ctrl+F and Escape
 * reach the notebook.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import { notebookJson, TRACKING_URI } from './utils';

/** A traced agent with two child spans whose names both hold "lookup". */
const TRACED_CELL = `import mlflow
mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("galata-keyboard")

@mlflow.trace
def lookup(city):
    return f"Sunny in {city}"

@mlflow.trace(name="weather_agent")
def weather_agent(cities):
    return [lookup(city) for city in cities]

weather_agent(["Paris", "Oslo"])`;

interface INotebookState {
  activeCell: number;
  mode: string;
  cellCount: number;
  /** Execution count of the traced cell. */
  runs: number | null;
  dirty: boolean;
}

function notebookState(page: IJupyterLabPageFixture): Promise<INotebookState> {
  return page.evaluate(() => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    const notebook = panel.content;
    return {
      activeCell: notebook.activeCellIndex,
      mode: notebook.mode,
      cellCount: notebook.widgets.length,
      runs: notebook.widgets[0].model.executionCount,
      dirty: panel.context.model.dirty
    };
  });
}

test('the viewer keeps the keys it handles; the rest reach the notebook', async ({
  page,
  tmpPath
}) => {
  const name = 'keyboard.ipynb';
  await page.contents.uploadContent(
    notebookJson([
      { source: TRACED_CELL },
      { source: 'print("the next cell")' }
    ]),
    'text',
    `${tmpPath}/${name}`
  );
  await page.filebrowser.open(`${tmpPath}/${name}`);
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  await page.notebook.run();

  const cells = page.locator('.jp-Notebook .jp-Cell');
  const viewer = cells.nth(0).locator('.jp-MlflowTrace');
  const tree = viewer.getByRole('tree', { name: 'Spans' });
  const row = (span: string) =>
    viewer.getByRole('treeitem').filter({ hasText: span }).first();
  const searchBox = viewer.getByRole('searchbox', { name: 'Search spans' });
  const matchCount = viewer.locator('.jp-MlflowTrace-matchCount');
  const findBar = page.locator('.jp-DocumentSearch-overlay');

  // Handled: ArrowDown moves the span selection, not the notebook's cell.
  await row('weather_agent').click();
  await expect(row('weather_agent')).toHaveAttribute('aria-selected', 'true');
  await tree.focus();
  await expect(tree).toBeFocused();
  const before = await notebookState(page);
  expect(before).toMatchObject({ activeCell: 0, mode: 'command' });
  await page.keyboard.press('ArrowDown');
  await expect(row('weather_agent')).toHaveAttribute('aria-selected', 'false');
  await expect(row('lookup')).toHaveAttribute('aria-selected', 'true');
  expect(await notebookState(page)).toMatchObject({ activeCell: 0 });

  // Handled: in the search box Shift+Enter is "previous match", not "run".
  await searchBox.fill('lookup');
  await expect(matchCount).toHaveText('1 of 2');
  await searchBox.press('Shift+Enter');
  await expect(matchCount).toHaveText('2 of 2');
  expect(await notebookState(page)).toMatchObject({
    activeCell: 0,
    runs: before.runs,
    cellCount: before.cellCount
  });

  // Not handled: Ctrl+F from the tree opens the notebook's find bar.
  await tree.focus();
  await page.keyboard.press('Control+f');
  await expect(findBar).toBeVisible();

  // Escape in a search box with text clears it and stays; once it is
  // empty, Escape reaches the notebook and closes its find bar.
  await searchBox.focus();
  await page.keyboard.press('Escape');
  await expect(searchBox).toHaveValue('');
  await expect(findBar).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(findBar).toBeHidden();
  expect(await notebookState(page)).toMatchObject({ mode: 'command' });

  // Not handled: Escape on the tree reaches the notebook too.
  await tree.focus();
  await page.keyboard.press('Control+f');
  await expect(findBar).toBeVisible();
  await tree.focus();
  await page.keyboard.press('Escape');
  await expect(findBar).toBeHidden();
  expect(await notebookState(page)).toMatchObject({ mode: 'command' });

  // Not handled: Shift+Enter on the tree runs the cell and advances.
  await tree.focus();
  await page.keyboard.press('Shift+Enter');
  await expect
    .poll(async () => (await notebookState(page)).runs)
    .toBeGreaterThan(before.runs ?? 0);
  expect(await notebookState(page)).toMatchObject({
    activeCell: 1,
    cellCount: before.cellCount
  });

  // Not handled: Ctrl+S on the (re-rendered) tree saves the notebook.
  await expect(row('weather_agent')).toBeVisible();
  await expect.poll(async () => (await notebookState(page)).dirty).toBe(true);
  await tree.focus();
  const saved = page.waitForRequest(
    request =>
      request.method() === 'PUT' &&
      decodeURIComponent(request.url()).includes(
        `/api/contents/${tmpPath}/${name}`
      )
  );
  await page.keyboard.press('Control+s');
  await saved;
  await expect.poll(async () => (await notebookState(page)).dirty).toBe(false);
});
