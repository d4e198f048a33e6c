/**
 * Nothing lost: a notebook with trace outputs made by a real kernel (real
 * mlflow SDK, real tracking server, the kernel hook) survives open, save,
 * reload, the display switch off and on, and save again, byte for byte apart
 * from the switch's own metadata key; and the embedded nanosecond timestamps
 * are exactly the tracking server's.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import { mlflowApi, TRACKING_URI } from './utils';

const NOTEBOOK = 'nothing-lost.ipynb';

const TRACED_CELL = `import mlflow
mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("galata-nothing-lost")

@mlflow.trace(span_type="TOOL")
def lookup(city):
    return {"city": city, "temp_c": 21, "big": 2**63 - 1}

@mlflow.trace(name="weather_agent", span_type="AGENT")
def agent(question):
    with mlflow.start_span("plan") as span:
        span.set_inputs({"question": question})
        span.set_outputs({"steps": ["lookup"]})
    return lookup("Kyoto")

agent("weather in Kyoto?")`;

/** The notebook file exactly as the server has it on disk. */
async function fileText(
  page: IJupyterLabPageFixture,
  path: string
): Promise<string> {
  const response = await page.request.get(
    `/api/contents/${path}?content=1&type=file&format=text`
  );
  expect(response.ok()).toBeTruthy();
  return (await response.json()).content;
}

/** Everything before the notebook-level metadata (nbformat sorts keys: cells come first). */
function cellsPart(text: string): string {
  const end = text.indexOf('\n "metadata": {');
  expect(end).toBeGreaterThan(0);
  return text.slice(0, end);
}

/** Notebook-level metadata without the switch's own key. */
function metadataWithoutSwitch(text: string): unknown {
  const { metadata } = JSON.parse(text);
  delete metadata.mlflow_traces;
  return metadata;
}

/** `"start_time_unix_nano": <digits>` values in a JSON text, as written (no JSON.parse rounding). */
function nanoStrings(text: string): string[] {
  return [...text.matchAll(/"(?:start|end)_time_unix_nano":\s*"?(\d+)/g)]
    .map(m => m[1])
    .sort();
}

const PANEL_SWITCH =
  '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MlflowTraces-displaySwitchButton';

test('a traced notebook round-trips byte for byte and keeps exact timestamps', async ({
  page,
  tmpPath
}) => {
  const path = `${tmpPath}/${NOTEBOOK}`;
  await page.notebook.createNew(NOTEBOOK);
  await page.evaluate(
    `window.jupyterapp.shell.currentWidget.content.model.cells.get(0).sharedModel.setSource(${JSON.stringify(TRACED_CELL)})`
  );
  await page.notebook.runCell(0, true);
  // The notebook in view, wherever JupyterLab's windowed list puts its cells.
  const viewer = page
    .locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MlflowTrace')
    .first();
  await expect(viewer.getByRole('tree', { name: 'Spans' })).toBeVisible();
  await page.notebook.save();
  const first = await fileText(page, path);

  // The embedded spans carry the tracking server's nanoseconds exactly.
  const traceId = JSON.parse(first).cells[0].outputs.find(
    (o: any) => o.data?.['application/vnd.mlflow.trace+json']
  ).data['application/vnd.mlflow.trace+json'].traces[0].info.trace_id;
  expect(traceId).toMatch(/^tr-/);
  const artifact = await fetch(
    `${TRACKING_URI}/ajax-api/2.0/mlflow/get-trace-artifact?request_id=${traceId}`
  );
  expect(artifact.ok).toBeTruthy();
  const serverNanos = nanoStrings(await artifact.text());
  expect(serverNanos.length).toBe(6); // 3 spans, start and end
  expect(nanoStrings(first)).toEqual(serverNanos);
  // The experiment exists on the server (the cell logged to it, not elsewhere).
  await mlflowApi(
    '/api/2.0/mlflow/experiments/get-by-name?experiment_name=galata-nothing-lost'
  );

  // Closed, reopened from disk, saved: the same bytes.
  await page.notebook.close(true);
  await page.filebrowser.open(path);
  await expect(viewer.getByRole('tree', { name: 'Spans' })).toBeVisible();
  await page.notebook.save();
  expect(await fileText(page, path)).toBe(first);

  // A page reload restores the notebook; saving again changes nothing.
  // JupyterLab restores the open notebook itself (no launcher to wait for).
  await page.reload({ waitForIsReady: false });
  await expect(viewer.getByRole('tree', { name: 'Spans' })).toBeVisible();
  await page.notebook.save();
  expect(await fileText(page, path)).toBe(first);

  // The switch off and on again: only its own metadata key differs.
  const button = page.locator(PANEL_SWITCH);
  await button.click();
  await expect(button).toHaveAttribute('data-mlflow-trace-display', 'off');
  await button.click();
  await expect(button).toHaveAttribute('data-mlflow-trace-display', 'on');
  await expect(viewer.getByRole('tree', { name: 'Spans' })).toBeVisible();
  await page.notebook.save();
  const last = await fileText(page, path);
  expect(cellsPart(last)).toBe(cellsPart(first));
  expect(metadataWithoutSwitch(last)).toEqual(metadataWithoutSwitch(first));
  expect(JSON.parse(last).metadata.mlflow_traces).toEqual({ display: true });
});
