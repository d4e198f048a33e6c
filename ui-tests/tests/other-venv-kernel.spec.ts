/**
 * A kernel from another virtualenv: MLflow 2.22.5 and ipykernel, without this
 * package (run.sh installs its kernelspec, "mlflow-other-venv", from
 * scripts/mlflow2-env.sh). The frontend sends the hook's source, so traced
 * cells render self-contained outputs there too, and the switch works.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

const TRACKING_URI = process.env.MLFLOW_TRACKING_URI as string;
const KERNEL = 'mlflow-other-venv';
const MIME = 'application/vnd.mlflow.trace+json';

const CELLS = '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell';
const PANEL = 'window.jupyterapp.shell.currentWidget';

async function run(
  page: IJupyterLabPageFixture,
  index: number,
  source: string
): Promise<void> {
  if (index >= (await page.locator(CELLS).count())) {
    await page.notebook.addCell('code', '');
  }
  await page.evaluate(
    `${PANEL}.content.model.cells.get(${index}).sharedModel.setSource(${JSON.stringify(source)})`
  );
  await page.notebook.runCell(index, true);
}

/** Each non-stream output of a cell, from the notebook model: its data. */
async function outputData(
  page: IJupyterLabPageFixture,
  index: number
): Promise<Record<string, any>[]> {
  return page.evaluate(`(() => {
    const outputs = ${PANEL}.content.model.cells.get(${index}).outputs;
    const data = [];
    for (let k = 0; k < outputs.length; k++) {
      const output = outputs.get(k);
      if (output.type !== 'stream') {
        data.push(output.data);
      }
    }
    return data;
  })()`);
}

const switchButton = (page: IJupyterLabPageFixture) =>
  page.locator(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MlflowTraces-displaySwitchButton'
  );

/** Click the notebook's switch and wait until it shows `state`. */
async function flipSwitch(
  page: IJupyterLabPageFixture,
  state: 'on' | 'off'
): Promise<void> {
  await switchButton(page).click();
  await expect(switchButton(page)).toHaveAttribute(
    'data-mlflow-trace-display',
    state
  );
}

test('a kernel from another virtualenv gets the hook as source', async ({
  page
}) => {
  await page.notebook.createNew('other-venv.ipynb', { kernel: KERNEL });
  await page.waitForFunction(
    `${PANEL}.sessionContext.session?.kernel?.name === '${KERNEL}'`
  );
  // The kernel's environment: MLflow 2, and this package cannot be imported.
  await run(
    page,
    0,
    'import importlib.util, mlflow\n' +
      "print(mlflow.__version__, importlib.util.find_spec('jupyterlab_mlflow_traces') is None)"
  );
  expect(await page.notebook.getCellTextOutput(0)).toEqual(['2.22.5 True\n']);

  await run(
    page,
    1,
    `mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("galata-other-venv")

@mlflow.trace(span_type="TOOL")
def lookup(city):
    return {"city": city}

@mlflow.trace(name="other_venv_agent", span_type="AGENT")
def agent(question):
    return lookup(question)

agent("Kyoto")`
  );
  // Self-contained: the full trace is in the output (and a static summary).
  const shown = (await outputData(page, 1)).filter(data => MIME in data);
  expect(shown).toHaveLength(1);
  expect(Object.keys(shown[0]).sort()).toEqual([
    MIME,
    'text/html',
    'text/plain'
  ]);
  const spans = shown[0][MIME].traces[0].data.spans.map((s: any) => s.name);
  expect(spans).toEqual(['other_venv_agent', 'lookup']);
  const viewer = page.locator(CELLS).nth(1).locator('.jp-MlflowTrace');
  await expect(
    viewer.getByRole('treeitem').filter({ hasText: 'other_venv_agent' }).first()
  ).toBeVisible();
  await expect(switchButton(page)).toHaveAttribute('title', /mlflow 2\.22\.5/);

  // The hook came as source, under its module name; the user's namespace has none of it.
  await run(
    page,
    2,
    "import sys\nh = sys.modules['jupyterlab_mlflow_traces.kernel_hook']\n" +
      "print(h.state()['origin'], h.state()['api'], 'jupyterlab_mlflow_traces' in sys.modules)"
  );
  expect(await page.notebook.getCellTextOutput(2)).toEqual([
    'source 2 False\n'
  ]);

  // The switch: off shows nothing (one line says why), on shows again.
  await flipSwitch(page, 'off');
  await run(page, 3, 'agent("Lima")');
  expect(await outputData(page, 3)).toEqual([
    { 'text/plain': expect.any(String) }
  ]);
  await expect(page.locator(CELLS).nth(3)).toContainText(
    'MLflow traces: trace display is off in this kernel'
  );
  await flipSwitch(page, 'on');
  await run(page, 4, 'agent("Quito")');
  expect((await outputData(page, 4)).filter(data => MIME in data)).toHaveLength(
    1
  );
});
