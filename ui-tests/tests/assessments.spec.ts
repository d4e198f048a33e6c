/**
 * Feedback from the viewer, end to end: a real ipykernel logs a trace with
 * the real mlflow SDK to the test tracking server (MLflow 3, sqlite); the
 * user gives it a thumbs up with a comment in the cell's viewer; MLflow's own
 * REST API then holds that feedback. When the trace is gone from the server
 * (deleted meanwhile), the viewer says so in place.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

import {
  mlflowApi,
  notebookJson,
  spanRow,
  tracedCell,
  TRACKING_URI,
  viewerOf
} from './utils';

/**
 * A notebook whose cell logs a trace, run; its viewer's Feedback panel open,
 * its controls enabled (once the configured server is known to hold the trace).
 */
async function openFeedback(
  page: IJupyterLabPageFixture,
  path: string,
  experiment: string
): Promise<{ viewer: Locator; panel: Locator; traceId: string }> {
  await page.contents.uploadContent(
    notebookJson([{ source: tracedCell(experiment) }]),
    'text',
    path
  );
  await page.filebrowser.open(path);
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  await page.notebook.run();
  const viewer = viewerOf(page, 0);
  await expect(spanRow(viewer, 'rag_agent')).toBeVisible();
  const traceId = (
    await viewer.locator('code[title="Trace id"]').textContent()
  )?.trim() as string;
  expect(traceId).toMatch(/^tr-/);
  await viewer.getByRole('button', { name: 'Feedback', exact: true }).click();
  const panel = viewer.getByRole('dialog', { name: 'Feedback on this trace' });
  await expect(panel.getByRole('button', { name: /Good/ })).toBeEnabled();
  return { viewer, panel, traceId };
}

/** The trace's info as MLflow's REST API answers it. */
async function traceInfo(traceId: string): Promise<any> {
  return (await mlflowApi(`/api/3.0/mlflow/traces/${traceId}`)).trace
    .trace_info;
}

test.describe('Feedback to MLflow', () => {
  test('a thumbs up with a comment is stored by the tracking server', async ({
    page,
    tmpPath
  }) => {
    const { viewer, panel, traceId } = await openFeedback(
      page,
      `${tmpPath}/feedback.ipynb`,
      'assessments-e2e'
    );
    const good = panel.getByRole('button', { name: /Good/ });
    await panel
      .getByLabel('Comment (optional)')
      .fill('Right answer, straight from the docs.');
    await good.click();
    await expect(panel.getByRole('status')).toHaveText(
      `Feedback logged to ${TRACKING_URI}.`
    );
    // In the trace at once: the panel's list, the button, the root span's details.
    await expect(panel.getByRole('list')).toContainText('user_feedback');
    await expect(panel.getByRole('list')).toContainText(
      'Right answer, straight from the docs.'
    );
    await expect(
      viewer.getByRole('button', { name: 'Feedback (1)' })
    ).toBeVisible();
    await viewer.screenshot({ path: 'test-results/viewer-feedback.png' });

    const stored = (await traceInfo(traceId)).assessments;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      assessment_name: 'user_feedback',
      feedback: { value: true },
      rationale: 'Right answer, straight from the docs.',
      source: { source_type: 'HUMAN' }
    });

    await panel.getByLabel('Comment (optional)').press('Escape');
    await expect(panel).toBeHidden();
    await spanRow(viewer, 'rag_agent').click();
    await viewer.getByRole('tab', { name: /Assessments/ }).click();
    await expect(viewer.locator('.jp-MlflowTrace-detailPane')).toContainText(
      'Right answer, straight from the docs.'
    );
  });

  test('a trace deleted from the server: the specific error, in place', async ({
    page,
    tmpPath
  }) => {
    const { viewer, panel, traceId } = await openFeedback(
      page,
      `${tmpPath}/deleted.ipynb`,
      'assessments-e2e-deleted'
    );
    const bad = panel.getByRole('button', { name: /Bad/ });
    await expect(bad).toBeEnabled();

    const info = await traceInfo(traceId);
    await mlflowApi('/api/2.0/mlflow/traces/delete-traces', {
      experiment_id: info.trace_location.mlflow_experiment.experiment_id,
      request_ids: [traceId]
    });
    await panel.getByLabel('Comment (optional)').fill('Wrong city.');
    await bad.click();
    await expect(panel.getByRole('alert')).toHaveText(
      `Feedback not logged: trace ${traceId} not found on ${TRACKING_URI}`
    );
    // Nothing was added, and the comment waits for another try.
    await expect(panel.getByLabel('Comment (optional)')).toHaveValue(
      'Wrong city.'
    );
    await expect(
      viewer.getByRole('button', { name: 'Feedback', exact: true })
    ).toBeVisible();
  });
});
