/**
 * Attachments, end to end: a real ipykernel logs, with the real mlflow SDK, a
 * trace whose span input is an mlflow.tracing.attachments.Attachment (a PNG)
 * to the test tracking server (MLflow 3, sqlite). The cell's viewer shows a
 * placeholder and asks for nothing; a click loads the image through the
 * server extension, from the configured tracking server.
 */
import { expect, test } from '@jupyterlab/galata';

import { notebookJson, spanRow, TRACKING_URI, viewerOf } from './utils';

/** A real 2x2 PNG (jupyterlab_mlflow_traces/tests/attachment_samples.py). */
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==';

const cell = `import base64, mlflow
from mlflow.tracing.attachments import Attachment
mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("attachments-e2e")

with mlflow.start_span("describe_image") as span:
    span.set_inputs({"image": Attachment(
        content_type="image/png", content_bytes=base64.b64decode("${PNG_BASE64}"))})
    span.set_outputs("a red square")
span.trace_id`;

test('an image attachment loads only on click, from the tracking server', async ({
  page,
  tmpPath
}) => {
  const requested: string[] = [];
  page.on('request', request => {
    if (request.url().includes('/attachments/')) {
      requested.push(request.url());
    }
  });
  const path = `${tmpPath}/attachments.ipynb`;
  await page.contents.uploadContent(
    notebookJson([{ source: cell }]),
    'text',
    path
  );
  await page.filebrowser.open(path);
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  await page.notebook.run();
  const viewer = viewerOf(page, 0);
  await spanRow(viewer, 'describe_image').click();

  const placeholder = viewer
    .locator('.jp-MlflowTrace-attachment')
    .filter({ hasText: 'Image · PNG · 73 bytes' });
  const load = placeholder.getByRole('button', { name: 'Load' });
  // Enabled once the configured server is known to hold the trace.
  await expect(load).toBeEnabled();
  await expect(viewer.locator('img')).toHaveCount(0);
  expect(requested).toEqual([]);
  await placeholder.screenshot({
    path: 'test-results/attachment-placeholder.png'
  });

  await load.click();
  const image = viewer.getByRole('img', { name: 'Image · PNG · 73 bytes' });
  await expect(image).toBeVisible();
  await expect
    .poll(() => image.evaluate(img => (img as HTMLImageElement).naturalWidth))
    .toBeGreaterThan(0);
  expect(await image.getAttribute('src')).toMatch(/^blob:/);
  expect(requested).toHaveLength(1);
  expect(requested[0]).toContain('/jupyterlab-mlflow-traces/traces/tr-');
  expect(requested[0]).toContain('content_type=image%2Fpng');
});
