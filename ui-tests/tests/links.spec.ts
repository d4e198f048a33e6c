/**
 * Span links and linked prompts in real JupyterLab: a real ipykernel runs
 * the real mlflow SDK against the real tracking server run.sh started. One
 * cell logs a planner trace; the next registers two prompts in the server's
 * prompt registry, loads them inside a traced function and links its spans
 * to a span of the same trace and to the planner's span
 * (mlflow.start_span(links=...), LiveSpan.add_link), as
 * fixtures/links/generate_links.py does.
 */
import { expect, test } from '@jupyterlab/galata';

import { notebookJson, spanRow, TRACKING_URI, viewerOf } from './utils';

/** Unique per run: the server keeps its prompt registry between runs. */
const PROMPT = `galata_summarize_${Date.now()}`;

const PLANNER_CELL = `import mlflow
from mlflow.entities import Link
mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("galata-links")

with mlflow.start_span("planner", span_type="AGENT") as root:
    with mlflow.start_span("plan", span_type="CHAIN") as plan:
        plan.set_outputs({"steps": ["search", "reserve"]})
        plan_span = plan.span_id
    planner_trace = root.trace_id
mlflow.flush_trace_async_logging()`;

const LINKED_CELL = `mlflow.genai.register_prompt(name="${PROMPT}", template="Summarize: {{ text }}")
mlflow.genai.register_prompt(name="${PROMPT}", template="Summarize briefly: {{ text }}")

with mlflow.start_span(
    "executor", span_type="AGENT",
    links=[Link(trace_id=planner_trace, span_id=plan_span, attributes={"reason": "plan to execute"})],
) as root:
    prompt = mlflow.genai.load_prompt("prompts:/${PROMPT}/2")
    with mlflow.start_span("search", span_type="TOOL") as search:
        search.set_outputs(["Chez Ami"])
    with mlflow.start_span("reserve", span_type="TOOL") as reserve:
        reserve.add_link(Link(trace_id=root.trace_id, span_id=search.span_id))
        reserve.set_outputs({"confirmed": True})
    root.set_outputs(prompt.format(text="table booked"))`;

test('span links select the linked span or open the linked trace; prompts are listed', async ({
  page,
  tmpPath
}) => {
  await page.contents.uploadContent(
    notebookJson([{ source: PLANNER_CELL }, { source: LINKED_CELL }]),
    'text',
    `${tmpPath}/links.ipynb`
  );
  await page.filebrowser.open(`${tmpPath}/links.ipynb`);
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  await page.notebook.run();

  const viewer = viewerOf(page, 1);
  await expect(viewer.getByRole('tree', { name: 'Spans' })).toBeVisible();

  // The header names the prompt the trace loaded, with its version.
  await expect(viewer.locator('.jp-MlflowTrace-prompts')).toContainText(
    `${PROMPT}@2`
  );

  // A link inside the trace: reserve → search selects search.
  await viewer.getByRole('button', { name: 'Expand all' }).click();
  await spanRow(viewer, 'reserve').click();
  const links = viewer.getByRole('region', { name: 'Links' });
  await expect(links).toBeVisible();
  const toSearch = links.getByRole('button', { name: 'search' });
  await toSearch.focus();
  await page.keyboard.press('Enter');
  await expect(spanRow(viewer, 'search')).toHaveAttribute(
    'aria-selected',
    'true'
  );
  await expect(viewer.locator('.jp-MlflowTrace-detailName')).toHaveText(
    'search'
  );
  // search has no links: the section is gone.
  await expect(viewer.getByRole('region', { name: 'Links' })).toHaveCount(0);

  // A link to another trace: its id, and "Open trace" opens it in a tab.
  await spanRow(viewer, 'executor').click();
  const plannerId = await viewerOf(page, 0)
    .locator('.jp-MlflowTrace-header .jp-MlflowTrace-id code')
    .textContent();
  expect(plannerId).toMatch(/^tr-[0-9a-f]{32}$/);
  const external = viewer.getByRole('region', { name: 'Links' });
  await expect(external).toContainText(plannerId!);
  await expect(external).toContainText('reason');
  await expect(external).toContainText('plan to execute');
  // For the README (not a reference): the link to the planner's trace.
  await viewer.screenshot({ path: 'test-results/links.png' });
  await external.getByRole('button', { name: 'Open trace' }).click();
  const tab = page.locator('.jp-MlflowTraceTab-panel').last();
  await expect(
    tab.locator('.jp-MlflowTrace-title').filter({ hasText: 'planner' })
  ).toBeVisible({ timeout: 60000 });

  // The Summary of the linked cell's trace lists the prompt and its version.
  await page.notebook.activate('links.ipynb');
  await viewer.getByRole('tab', { name: 'Summary' }).click();
  const prompts = viewer.getByRole('region', { name: 'Prompts' });
  await expect(prompts).toContainText(`${PROMPT}@2`);
  await expect(prompts).toContainText('version 2');

  // A trace without links or prompts shows neither.
  const planner = viewerOf(page, 0);
  await expect(planner.locator('.jp-MlflowTrace-prompts')).toHaveCount(0);
});
