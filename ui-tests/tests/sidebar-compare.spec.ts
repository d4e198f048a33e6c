/**
 * Comparing two rows of the MLflow sidebar in real JupyterLab and Chromium:
 * two traces logged by the real mlflow SDK to the real tracking server
 * (run.sh): one agent, run before and after a prompt change.
 * Marked with the mouse or the keyboard, Compare opens them side by side in
 * a main-area tab, the earlier trace as A, whatever the marking order.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import { execFileSync } from 'child_process';

import { TRACKING_URI } from './utils';

const SIDEBAR_ID = 'jp-mlflow-traces-sidebar';
const EXPERIMENT = `sidebar-compare-${Date.now().toString(36)}`;
/** The two traces' ids, in the order they were logged (v1 first). */
let traceIds: string[] = [];

test.beforeAll(() => {
  // The same agent twice, the second time after a prompt change: v1 is the
  // earlier trace, so the comparison's A.
  const out = execFileSync(
    'python',
    [
      '-c',
      `import json
import mlflow
mlflow.set_experiment("${EXPERIMENT}")
PROMPTS = {
    "v1": "Answer briefly: {q}",
    "v2": "You are a careful assistant. Answer in one sentence: {q}",
}

@mlflow.trace(span_type="LLM")
def call_llm(prompt):
    return "Paris."

@mlflow.trace(name="agent", span_type="AGENT")
def agent(question, prompt_version):
    return call_llm(PROMPTS[prompt_version].format(q=question))

ids = []
for version in ("v1", "v2"):
    agent("What is the capital of France?", version)
    ids.append(mlflow.get_last_active_trace_id())
    mlflow.flush_trace_async_logging()
print(json.dumps(ids))`
    ],
    { env: { ...process.env, MLFLOW_TRACKING_URI: TRACKING_URI } }
  );
  traceIds = JSON.parse(out.toString().trim().split('\n').pop()!);
});

function sidebar(page: IJupyterLabPageFixture): Locator {
  return page.locator(`#${SIDEBAR_ID}`);
}

/** The row of the agent run with `version`'s prompt (its request preview says which). */
function traceRow(page: IJupyterLabPageFixture, version: string): Locator {
  return sidebar(page)
    .getByRole('listbox', { name: 'Traces' })
    .getByRole('option')
    .filter({ hasText: `"prompt_version": "${version}"` });
}

/** The sidebar on this spec's experiment, both traces listed. */
async function openExperiment(page: IJupyterLabPageFixture): Promise<void> {
  await page.sidebar.openTab(SIDEBAR_ID);
  await sidebar(page)
    .getByRole('searchbox', { name: 'Search experiments by name' })
    .fill(EXPERIMENT);
  const experiment = sidebar(page)
    .getByRole('listbox', { name: 'Experiments' })
    .getByRole('option')
    .filter({ hasText: EXPERIMENT });
  await expect(experiment).toHaveCount(1, { timeout: 60000 });
  await experiment.click();
  for (const version of ['v1', 'v2']) {
    await expect(traceRow(page, version)).toHaveCount(1, { timeout: 60000 });
    await expect(traceRow(page, version)).toHaveAttribute(
      'aria-checked',
      'false'
    );
  }
}

/** The comparison tab shows both traces, v1 as A (before), and the prompt's diff. */
async function expectComparison(page: IJupyterLabPageFixture): Promise<void> {
  await expect(page.getByRole('tab', { name: 'Compare: agent' })).toBeVisible({
    timeout: 60000
  });
  const view = page.locator(
    '.jp-MlflowCompare-panel:not(.lm-mod-hidden) .jp-MlflowCompare'
  );
  const labels = view.locator('.jp-MlflowCompare-traceLabel');
  await expect(labels).toHaveCount(2);
  await expect(labels.nth(0)).toContainText(`A (before) agent ${traceIds[0]}`);
  await expect(labels.nth(1)).toContainText(`B (after) agent ${traceIds[1]}`);
  await view.locator('[role="option"][data-path="agent/call_llm"]').click();
  const inputs = view.getByRole('region', { name: 'Inputs' });
  await expect(inputs.locator('ins')).toContainText(['careful']);
  await expect(inputs.locator('del')).toContainText(['briefly:']);
}

test.describe('comparing two sidebar rows', () => {
  test('with the mouse: Ctrl+click one row, the mark box of the other, Compare', async ({
    page
  }) => {
    await openExperiment(page);
    // Marked newest first: the comparison still shows the earlier as A.
    await traceRow(page, 'v2').click({ modifiers: ['ControlOrMeta'] });
    await expect(traceRow(page, 'v2')).toHaveAttribute('aria-checked', 'true');
    const bar = sidebar(page).getByRole('region', {
      name: 'Traces to compare'
    });
    await expect(bar).toContainText('mark one more trace to compare');
    await expect(bar.getByRole('button', { name: 'Compare' })).toBeDisabled();

    const v1 = traceRow(page, 'v1');
    await v1.hover();
    await v1.locator('.jp-MlflowSidebar-markBox').click();
    await expect(v1).toHaveAttribute('aria-checked', 'true');
    await expect(bar).toContainText(
      /^Compare agent .*\(A\) with agent .*\(B\)/
    );
    // No trace tab opened by marking.
    await expect(page.locator('.jp-MlflowTraceTab-panel')).toHaveCount(0);
    await page.sidebar.setWidth(360, 'left');
    await sidebar(page).screenshot({
      path: test.info().outputPath('sidebar-compare.png')
    });

    await bar.getByRole('button', { name: 'Compare' }).click();
    await expectComparison(page);
  });

  test('with the keyboard: Space marks the active row, Enter on Compare', async ({
    page
  }) => {
    await openExperiment(page);
    const list = sidebar(page).getByRole('listbox', { name: 'Traces' });
    await list.focus();
    // Newest first: v2, then v1.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    for (const version of ['v1', 'v2']) {
      await expect(traceRow(page, version)).toHaveAttribute(
        'aria-checked',
        'true'
      );
    }
    // Space again unmarks the active row; once more marks it again.
    await page.keyboard.press('Space');
    await expect(traceRow(page, 'v1')).toHaveAttribute('aria-checked', 'false');
    const compare = sidebar(page)
      .getByRole('region', { name: 'Traces to compare' })
      .getByRole('button', { name: 'Compare' });
    await expect(compare).toBeDisabled();
    await page.keyboard.press('Space');
    await expect(compare).toBeEnabled();
    // The marks' bar is below the list: Tab reaches Compare.
    await page.keyboard.press('Tab');
    await expect(compare).toBeFocused();
    await page.keyboard.press('Enter');
    await expectComparison(page);
  });
});
