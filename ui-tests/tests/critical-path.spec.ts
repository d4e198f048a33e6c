/**
 * The critical-path toggle in real JupyterLab: a real ipykernel runs an agent
 * under the real mlflow SDK whose three tools run at once in threads (the
 * context copied into each, as fixtures/critical/generate_critical.py does),
 * logging to the real tracking server run.sh started.
 */
import { expect, test } from '@jupyterlab/galata';

import { notebookJson, spanRow, TRACKING_URI, viewerOf } from './utils';

/** Plain user code: search_web is the slow tool, read_calendar runs within its time. */
const PARALLEL_AGENT_CELL = `import contextvars, time
from concurrent.futures import ThreadPoolExecutor
import mlflow
mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("galata-critical-path")

@mlflow.trace(span_type="CHAIN")
def plan(question):
    time.sleep(0.05)
    return question

@mlflow.trace(span_type="TOOL")
def lookup_weather(city):
    time.sleep(0.1)
    return "sunny"

@mlflow.trace(span_type="TOOL")
def search_web(city):
    time.sleep(0.5)
    return "Paris is in France"

@mlflow.trace(span_type="TOOL")
def read_calendar(city):
    time.sleep(0.2)
    return "free"

@mlflow.trace(span_type="LLM")
def answer(facts):
    time.sleep(0.05)
    return "Sunny, and you are free."

@mlflow.trace(name="agent", span_type="AGENT")
def agent(question):
    plan(question)
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = [
            pool.submit(contextvars.copy_context().run, tool, "Paris")
            for tool in (lookup_weather, search_web, read_calendar)
        ]
        facts = [f.result() for f in futures]
    return answer(facts)

agent("Weather in Paris, and am I free?")`;

test('the critical-path toggle marks the slow branch of parallel tools', async ({
  page,
  tmpPath
}) => {
  await page.contents.uploadContent(
    notebookJson([{ source: PARALLEL_AGENT_CELL }]),
    'text',
    `${tmpPath}/critical.ipynb`
  );
  await page.filebrowser.open(`${tmpPath}/critical.ipynb`);
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  await page.notebook.run();

  const viewer = viewerOf(page, 0);
  await expect(viewer.getByRole('tree', { name: 'Spans' })).toBeVisible();
  await viewer.getByRole('button', { name: 'Expand all' }).click();
  await expect(spanRow(viewer, 'read_calendar')).toBeVisible();
  // Off by default.
  await expect(
    viewer.locator('.jp-MlflowTrace-row.jp-mod-critical')
  ).toHaveCount(0);

  // Keyboard operable: Enter on the focused toggle turns it on.
  const toggle = viewer.getByRole('button', { name: 'Critical path' });
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');

  for (const name of ['agent', 'plan', 'search_web', 'answer']) {
    await expect(spanRow(viewer, name)).toHaveClass(/jp-mod-critical/);
  }
  await expect(spanRow(viewer, 'read_calendar')).not.toHaveClass(
    /jp-mod-critical/
  );
  // The slow tool's bar is drawn on the path in full (one segment, visible).
  const segment = spanRow(viewer, 'search_web').locator(
    '.jp-MlflowTrace-pathSegment'
  );
  await expect(segment).toHaveCount(1);
  await expect(segment).toBeVisible();
  await expect(
    spanRow(viewer, 'read_calendar').locator('.jp-MlflowTrace-pathSegment')
  ).toHaveCount(0);

  // Visible in the light, dark and high-contrast themes: the mark and the
  // segment take a colour of the theme, unlike the row's background.
  const themes: [string, () => Promise<void>][] = [
    ['dark', () => page.theme.setDarkTheme()],
    ['high-contrast', () => page.theme.setDarkHighContrastTheme()],
    ['light', () => page.theme.setLightTheme()]
  ];
  for (const [theme, setTheme] of themes) {
    await setTheme();
    const colors = await spanRow(viewer, 'search_web').evaluate(row => {
      const seg = row.querySelector('.jp-MlflowTrace-pathSegment')!;
      const page = getComputedStyle(row.closest('.jp-MlflowTrace')!);
      return {
        segment: getComputedStyle(seg).backgroundColor,
        mark: getComputedStyle(row).boxShadow,
        accent: page.getPropertyValue('--jp-accent-color1').trim(),
        background: page.backgroundColor
      };
    });
    expect(colors.accent, theme).not.toBe('');
    expect(colors.segment, theme).not.toBe('rgba(0, 0, 0, 0)');
    expect(colors.segment, theme).not.toBe(colors.background);
    expect(colors.mark, theme).toContain(colors.segment);
    await viewer.screenshot({ path: `test-results/critical-${theme}.png` });
  }

  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(
    viewer.locator('.jp-MlflowTrace-row.jp-mod-critical')
  ).toHaveCount(0);
});
