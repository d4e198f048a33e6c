/**
 * The timeline minimap of long traces in real JupyterLab: a real ipykernel
 * runs an agent under the real mlflow SDK that makes 240 steps (241 spans,
 * over the 200-span threshold) and a short one (6 spans, under it), logging
 * to the real tracking server run.sh started. A drag on the minimap zooms
 * the tree's bars and time axis to the range; Escape restores the whole trace.
 */
import { expect, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

import { notebookJson, spanRow, TRACKING_URI, viewerOf } from './utils';

/** Plain user code: one agent span over `steps` short tool spans, one after another. */
const agentCell = (steps: number) => `import time
import mlflow
mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("galata-minimap")

with mlflow.start_span(name="agent", span_type="AGENT"):
    for i in range(${steps}):
        with mlflow.start_span(name=f"step-{i}", span_type="TOOL"):
            time.sleep(0.002)`;

const axisLabels = (viewer: Locator) =>
  viewer.locator('.jp-MlflowTrace-axis .tick text').allTextContents();

/**
 * Whether the minimap's canvas holds opaque-enough pixels of the theme's
 * --jp-brand-color1 (the canvas cannot use var(): it reads the variable).
 */
const drawnInBrandColour = (viewer: Locator) =>
  viewer.locator('.jp-MlflowTrace-minimapTrack canvas').evaluate(node => {
    const canvas = node as HTMLCanvasElement;
    const probe = document.createElement('canvas');
    probe.width = probe.height = 1;
    const pctx = probe.getContext('2d')!;
    pctx.fillStyle = getComputedStyle(canvas)
      .getPropertyValue('--jp-brand-color1')
      .trim();
    pctx.fillRect(0, 0, 1, 1);
    const [r, g, b] = pctx.getImageData(0, 0, 1, 1).data;
    const data = canvas
      .getContext('2d')!
      .getImageData(0, 0, canvas.width, canvas.height).data;
    for (let k = 0; k < data.length; k += 4) {
      if (
        data[k + 3] > 200 &&
        Math.abs(data[k] - r) < 8 &&
        Math.abs(data[k + 1] - g) < 8 &&
        Math.abs(data[k + 2] - b) < 8
      ) {
        return true;
      }
    }
    return false;
  });

test('a drag on the minimap zooms the timeline; Escape shows the whole trace', async ({
  page,
  tmpPath
}) => {
  await page.contents.uploadContent(
    notebookJson([{ source: agentCell(240) }, { source: agentCell(5) }]),
    'text',
    `${tmpPath}/minimap.ipynb`
  );
  await page.filebrowser.open(`${tmpPath}/minimap.ipynb`);
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  await page.notebook.run();

  const viewer = viewerOf(page, 0);
  await expect(viewer.getByRole('tree', { name: 'Spans' })).toBeVisible();
  const slider = viewer.getByRole('slider', { name: 'Visible time range' });
  await expect(slider).toBeVisible();
  await expect(slider).toHaveAttribute('aria-valuetext', /^0 – .* of /);
  await expect(spanRow(viewer, 'step-0')).toBeVisible();
  const whole = await axisLabels(viewer);
  expect(whole[0]).toBe('0');
  await expect(
    spanRow(viewer, 'step-0').locator('.jp-MlflowTrace-bar')
  ).toBeVisible();

  // Drag from 60 % to 90 % of the minimap.
  const track = viewer.locator('.jp-MlflowTrace-minimapTrack');
  await track.scrollIntoViewIfNeeded();
  const box = (await track.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.6, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.9, y, { steps: 8 });
  await page.mouse.up();

  await expect(slider).not.toHaveAttribute('aria-valuetext', /^0 – /);
  await expect(
    viewer.getByRole('button', { name: 'Reset zoom' })
  ).toBeVisible();
  const zoomed = await axisLabels(viewer);
  expect(zoomed).not.toEqual(whole);
  expect(zoomed[0]).not.toBe('0');
  // step-0 ran at the start, outside the range: no bar. The agent spans the
  // whole range: its bar is clipped to the column's full width.
  await expect(
    spanRow(viewer, 'step-0').locator('.jp-MlflowTrace-bar')
  ).toHaveCount(0);
  await expect(
    spanRow(viewer, 'agent').locator('.jp-MlflowTrace-bar')
  ).toHaveAttribute('style', /left: 0%; width: 100%/);
  expect(await drawnInBrandColour(viewer)).toBe(true);
  await viewer.screenshot({ path: 'test-results/minimap-light.png' });

  // The canvas follows the theme (it reads the colours again).
  await page.theme.setDarkTheme();
  await expect.poll(() => drawnInBrandColour(viewer)).toBe(true);
  await viewer.screenshot({ path: 'test-results/minimap-dark.png' });
  await page.theme.setLightTheme();

  // Keyboard: Escape on the focused window shows the whole trace again.
  await slider.focus();
  await page.keyboard.press('Escape');
  await expect(slider).toHaveAttribute('aria-valuetext', /^0 – /);
  expect(await axisLabels(viewer)).toEqual(whole);
  await expect(
    spanRow(viewer, 'step-0').locator('.jp-MlflowTrace-bar')
  ).toBeVisible();
  // ...and Shift+arrows zoom again, from the keyboard alone.
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(slider).not.toHaveAttribute('aria-valuetext', /^0 – /);
  await viewer.getByRole('button', { name: 'Reset zoom' }).click();
  await expect(slider).toHaveAttribute('aria-valuetext', /^0 – /);

  // A trace of 6 spans has no minimap.
  const short = viewerOf(page, 1);
  await expect(short.getByRole('tree', { name: 'Spans' })).toBeVisible();
  await expect(short.locator('.jp-MlflowTrace-minimap')).toHaveCount(0);
  await expect(short.getByRole('slider')).toHaveCount(0);
});
