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

/** The minimap's canvas as a user sees it, in the current theme. */
interface IReadout {
  /** Opaque-enough pixels of the theme's --jp-brand-color1 are drawn. */
  brand: boolean;
  /** Least WCAG contrast of a drawn pixel, over the track, against the track. */
  faintest: number;
  /** WCAG contrast of the window's frame against the track. */
  frame: number;
}

/**
 * Reads the canvas (which cannot use var(): it reads the variables) and the
 * window's computed colours. Pixels are composited over the track's
 * background as the page shows them.
 */
const readout = (viewer: Locator): Promise<IReadout> =>
  viewer.locator('.jp-MlflowTrace-minimapTrack').evaluate(track => {
    const rgbOf = (css: string): number[] => {
      const probe = document.createElement('canvas');
      probe.width = probe.height = 1;
      const pctx = probe.getContext('2d')!;
      pctx.fillStyle = css;
      pctx.fillRect(0, 0, 1, 1);
      return Array.from(pctx.getImageData(0, 0, 1, 1).data.slice(0, 3));
    };
    const luminance = (c: number[]) => {
      const lin = (v: number) => {
        const s = v / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
    };
    const contrast = (a: number[], b: number[]) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    const style = getComputedStyle(track);
    const background = rgbOf(style.backgroundColor);
    const brand = rgbOf(style.getPropertyValue('--jp-brand-color1').trim());
    const frame = rgbOf(
      getComputedStyle(track.querySelector('[role="slider"]')!).borderTopColor
    );
    const canvas = track.querySelector('canvas')!;
    const data = canvas
      .getContext('2d')!
      .getImageData(0, 0, canvas.width, canvas.height).data;
    let inBrand = false;
    let faintest = Infinity;
    for (let k = 0; k < data.length; k += 4) {
      const a = data[k + 3] / 255;
      if (a === 0) {
        continue;
      }
      const seen = [0, 1, 2].map(
        c => data[k + c] * a + background[c] * (1 - a)
      );
      faintest = Math.min(faintest, contrast(seen, background));
      inBrand ||=
        a > 0.8 && [0, 1, 2].every(c => Math.abs(data[k + c] - brand[c]) < 8);
    }
    return { brand: inBrand, faintest, frame: contrast(frame, background) };
  });

/** Readable as WCAG asks of graphics: every drawn span and the window's frame at 3:1. */
async function expectReadable(viewer: Locator, theme: string) {
  // The canvas follows the theme (it reads the colours again).
  await expect
    .poll(async () => (await readout(viewer)).brand, theme)
    .toBe(true);
  const seen = await readout(viewer);
  expect(seen.faintest, theme).toBeGreaterThanOrEqual(3);
  expect(seen.faintest, theme).not.toBe(Infinity);
  expect(seen.frame, theme).toBeGreaterThanOrEqual(3);
}

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
  await expectReadable(viewer, 'light');
  await viewer.screenshot({ path: 'test-results/minimap-light.png' });

  await page.theme.setDarkTheme();
  await expectReadable(viewer, 'dark');
  await viewer.screenshot({ path: 'test-results/minimap-dark.png' });
  await page.theme.setDarkHighContrastTheme();
  await expectReadable(viewer, 'dark high contrast');
  await viewer.screenshot({ path: 'test-results/minimap-high-contrast.png' });
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

/**
 * 246 spans of which the tree first shows 6 rows (the default depth 2 leaves
 * the batches closed): agent > run > 4 batches of 60 steps.
 */
const batchedCell = `import time
import mlflow
mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("galata-minimap")

with mlflow.start_span(name="agent", span_type="AGENT"):
    with mlflow.start_span(name="run", span_type="CHAIN"):
        for b in range(4):
            with mlflow.start_span(name=f"batch-{b}", span_type="CHAIN"):
                for i in range(60):
                    with mlflow.start_span(name=f"step-{b}-{i}", span_type="TOOL"):
                        time.sleep(0.001)`;

/** MINIMAP_HEIGHT and TREE_SLACK of src/components: the room the output asks for. */
const MINIMAP_HEIGHT = 69;
const TREE_SLACK = 16;
const ROW = 24; // ROW_HEIGHT, and AXIS_HEIGHT too

test('the output fits minimap and rows without scrolling; narrow, the minimap goes with the timeline column', async ({
  page,
  tmpPath
}) => {
  await page.contents.uploadContent(
    notebookJson([{ source: batchedCell }]),
    'text',
    `${tmpPath}/minimap-fit.ipynb`
  );
  await page.filebrowser.open(`${tmpPath}/minimap-fit.ipynb`);
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  await page.notebook.run();

  const viewer = viewerOf(page, 0);
  await expect(viewer).toHaveClass(/jp-mod-wide/);
  const minimap = viewer.locator('.jp-MlflowTrace-minimap');
  await expect(minimap).toBeVisible();
  await expect(viewer.getByRole('treeitem')).toHaveCount(6);
  await expect(spanRow(viewer, 'batch-3')).toBeVisible();

  // The output's height counts the minimap as drawn: under it the tree
  // keeps exactly its slack below the last row, and nothing scrolls. (The
  // tree is the taller pane here, so its rows set the height.)
  const fit = await viewer.evaluate(root => {
    const scroll = root.querySelector<HTMLElement>(
      '.jp-MlflowTrace-treeScroll'
    )!;
    const detail = root.querySelector('.jp-MlflowTrace-detailPane')!;
    return {
      minimap: root
        .querySelector('.jp-MlflowTrace-minimap')!
        .getBoundingClientRect().height,
      detail: (detail.firstElementChild as HTMLElement).offsetHeight,
      client: scroll.clientHeight,
      scroll: scroll.scrollHeight,
      scrolls: scroll.classList.contains('jp-mod-scrolls')
    };
  });
  test.info().annotations.push({
    type: 'fit',
    description: JSON.stringify(fit)
  });
  const rows = ROW + 6 * ROW;
  expect(fit.minimap).toBeCloseTo(MINIMAP_HEIGHT, 0);
  expect(fit.detail).toBeLessThan(MINIMAP_HEIGHT + rows + TREE_SLACK);
  expect(fit.scrolls).toBe(false);
  expect(fit.scroll).toBeLessThanOrEqual(fit.client);
  expect(Math.abs(fit.client - rows - TREE_SLACK)).toBeLessThanOrEqual(1);

  // Narrow layout (a 700 px window): spans and details are tabs, the tree
  // is still over 360 px wide, the minimap stays, readable in high contrast.
  // The file browser is closed first: beside it the output is under 360 px.
  await page.sidebar.close('left');
  await page.setViewportSize({ width: 700, height: 900 });
  await expect(viewer).toHaveClass(/jp-mod-narrow/);
  await expect(minimap).toBeVisible();
  expect((await minimap.boundingBox())!.height).toBeCloseTo(MINIMAP_HEIGHT, 0);
  await page.theme.setDarkHighContrastTheme();
  await expectReadable(viewer, 'dark high contrast, narrow');
  await viewer.screenshot({
    path: 'test-results/minimap-narrow-high-contrast.png'
  });
  await page.theme.setLightTheme();

  // A phone-wide window: the tree is under 360 px, the timeline column is
  // hidden and the minimap with it; the rows stay.
  await page.setViewportSize({ width: 360, height: 900 });
  await expect
    .poll(async () => (await viewer.boundingBox())!.width)
    .toBeLessThan(360);
  await expect(minimap).toHaveCount(0);
  await expect(
    viewer.locator('.jp-MlflowTrace-treeHeaderTimeline')
  ).toHaveCount(0);
  await expect(viewer.getByRole('slider')).toHaveCount(0);
  await expect(spanRow(viewer, 'batch-3')).toBeVisible();

  // Wider again: the minimap comes back.
  await page.setViewportSize({ width: 700, height: 900 });
  await expect(minimap).toBeVisible();
});
