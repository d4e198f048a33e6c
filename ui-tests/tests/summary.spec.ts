/**
 * The Summary view in real JupyterLab and Chromium: a real ipykernel runs an
 * agent-like function traced with the real mlflow SDK (@mlflow.trace with
 * nested LLM and TOOL spans); the Summary shows its request, its response
 * and its calls in order, and a click on a call opens that span's details.
 */
import { expect, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

import { notebookJson, spanRow, TRACKING_URI, viewerOf } from './utils';

const AGENT_CELL = `import mlflow
mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("summary-e2e")

@mlflow.trace(name="plan_llm", span_type="LLM")
def plan(question):
    return {"tool": "get_weather", "args": {"city": "Paris"}}

@mlflow.trace(span_type="TOOL")
def get_weather(city):
    return f"18C and sunny in {city}"

@mlflow.trace(name="answer_llm", span_type="LLM")
def answer(question, observation):
    return f"It is {observation}."

@mlflow.trace(name="weather_agent", span_type="AGENT")
def weather_agent(question):
    step = plan(question)
    observation = get_weather(**step["args"])
    return answer(question, observation)

weather_agent("What is the weather in Paris?")`;

const heightOf = async (l: Locator) => (await l.boundingBox())!.height;

test.describe('Summary view', () => {
  test('shows request, response and the calls in order; a call opens its span', async ({
    page,
    tmpPath
  }) => {
    await page.contents.uploadContent(
      notebookJson([{ source: AGENT_CELL }]),
      'text',
      `${tmpPath}/summary.ipynb`
    );
    await page.filebrowser.open(`${tmpPath}/summary.ipynb`);
    await page.waitForSelector('.jp-Notebook .jp-Cell');
    await page.notebook.run();
    const viewer = viewerOf(page, 0);
    await expect(spanRow(viewer, 'weather_agent')).toBeVisible();
    const before = await heightOf(viewer);

    const summaryTab = viewer.getByRole('tab', { name: 'Summary' });
    const detailsTab = viewer.getByRole('tab', { name: 'Details' });
    await summaryTab.click();
    await expect(summaryTab).toHaveAttribute('aria-selected', 'true');
    const summary = viewer.locator('.jp-MlflowTrace-summary');
    await expect(
      summary.getByRole('region', { name: 'Request' })
    ).toContainText('What is the weather in Paris?');
    await expect(
      summary.getByRole('region', { name: 'Response' })
    ).toContainText('It is 18C and sunny in Paris.');
    await expect(summary.getByLabel('Totals')).toContainText('2 model calls');
    await expect(summary.getByLabel('Totals')).toContainText('1 tool call');

    const calls = summary
      .getByRole('region', { name: 'Calls' })
      .getByRole('listitem');
    await expect(calls).toHaveCount(3);
    await expect(calls.nth(0)).toContainText('plan_llm');
    await expect(calls.nth(0)).toContainText('get_weather');
    await expect(calls.nth(1)).toContainText('get_weather');
    await expect(calls.nth(1)).toContainText('{city: "Paris"}');
    await expect(calls.nth(1)).toContainText('18C and sunny in Paris');
    await expect(calls.nth(2)).toContainText('answer_llm');
    await expect(calls.nth(2)).toContainText('It is 18C and sunny in Paris.');

    // The viewer fits the Summary: all of it in view, or the setting's most.
    const pane = viewer.locator('.jp-MlflowTrace-summaryPane');
    const fits = await pane.evaluate(
      el => el.scrollHeight <= el.clientHeight + 1
    );
    const after = await heightOf(viewer);
    expect(after).toBeGreaterThanOrEqual(before - 1);
    expect(fits || after >= 419).toBe(true);
    await viewer.screenshot({ path: 'test-results/viewer-summary.png' });

    // A call opens its span in Details, selected in the tree.
    await calls.nth(1).getByRole('button').click();
    await expect(detailsTab).toHaveAttribute('aria-selected', 'true');
    await expect(spanRow(viewer, 'get_weather')).toHaveAttribute(
      'aria-selected',
      'true'
    );
    const detail = viewer.locator('.jp-MlflowTrace-detailPane');
    await expect(detail.getByRole('heading', { level: 3 })).toHaveText(
      'get_weather'
    );
    await expect(detail).toContainText('18C and sunny in Paris');

    // Back to the Summary: the same view as before.
    await summaryTab.click();
    await expect(calls).toHaveCount(3);
  });
});
