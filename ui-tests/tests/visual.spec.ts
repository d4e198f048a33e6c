/**
 * Compared screenshots: the inline viewer, the sidebar and the notebook
 * toolbar switch, in the light and the dark theme, against the references
 * committed in tests/visual.spec.ts-snapshots/ (a changed look fails the run;
 * `npx playwright test visual --update-snapshots` rewrites them on purpose).
 *
 * Deterministic by construction: a fixed viewport (playwright.config.js),
 * UTC and en-US, animations and the caret off (toHaveScreenshot's settings in
 * the config), a viewer fed from a committed fixture (MLflow 3.17.2's own
 * trace, no tracking server involved), and the sidebar's run-dependent
 * parts (the tracking server's port, relative times, durations) masked.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { notebookJson, TRACKING_URI, viewerOf } from './utils';

const FIXTURE = path.resolve(
  __dirname,
  '..',
  '..',
  'fixtures',
  'mlflow-3.17.2',
  'langchain.trace.json'
);
const SIDEBAR_ID = 'jp-mlflow-traces-sidebar';
const EXPERIMENT = 'galata-visual';
const THEMES = ['light', 'dark'] as const;

test.use({ timezoneId: 'UTC', locale: 'en-US' });

async function setTheme(
  page: IJupyterLabPageFixture,
  theme: (typeof THEMES)[number]
): Promise<void> {
  if (theme === 'dark') {
    await page.theme.setDarkTheme();
  } else {
    await page.theme.setLightTheme();
  }
}

/** A notebook whose one output embeds the fixture trace (the extension's envelope). */
async function openFixtureNotebook(
  page: IJupyterLabPageFixture,
  file: string
): Promise<Locator> {
  const fixture = JSON.parse(fs.readFileSync(FIXTURE, 'utf-8'));
  await page.contents.uploadContent(
    notebookJson([
      {
        source: '# the LangChain trace MLflow 3.17.2 logged (fixtures/)',
        outputs: [
          {
            'application/vnd.mlflow.trace+json': {
              version: 1,
              traces: [fixture.payload]
            },
            'text/plain': 'Trace'
          }
        ]
      }
    ]),
    'text',
    file
  );
  await page.filebrowser.open(file);
  const viewer = viewerOf(page, 0);
  await expect(viewer.getByRole('tree', { name: 'Spans' })).toBeVisible();
  return viewer;
}

for (const theme of THEMES) {
  test(`the inline viewer looks as recorded (${theme})`, async ({
    page,
    tmpPath
  }) => {
    await setTheme(page, theme);
    const viewer = await openFixtureNotebook(page, `${tmpPath}/viewer.ipynb`);
    // A chat model span: the detail pane opens on its Chat tab.
    await viewer
      .getByRole('treeitem')
      .filter({ hasText: 'FakeListChatModel' })
      .click();
    await expect(viewer.locator('.jp-MlflowTrace-detailPane')).toBeVisible();
    await expect(viewer).toHaveScreenshot(`viewer-${theme}.png`);
  });

  test(`the notebook switch looks as recorded, on and off (${theme})`, async ({
    page,
    tmpPath
  }) => {
    await setTheme(page, theme);
    await openFixtureNotebook(page, `${tmpPath}/switch.ipynb`);
    const button = page.locator(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MlflowTraces-displaySwitchButton'
    );
    await expect(button).toHaveAttribute('data-mlflow-trace-display', 'on');
    // Its label and tooltip wait for the kernel: compare the settled state.
    await page.waitForFunction(
      () =>
        (window as any).jupyterapp.shell.currentWidget?.sessionContext?.session
          ?.kernel?.status === 'idle'
    );
    const toolbarItem = page.locator(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MlflowTraces-displaySwitch'
    );
    await expect(toolbarItem).toHaveScreenshot(`switch-on-${theme}.png`);
    await button.click();
    await expect(button).toHaveAttribute('data-mlflow-trace-display', 'off');
    await expect(toolbarItem).toHaveScreenshot(`switch-off-${theme}.png`);
  });
}

test.describe('the sidebar', () => {
  test.beforeAll(() => {
    // One trace logged by the real SDK (no notebook needed for it), once per
    // server: a worker restarted after a failure runs this again.
    execFileSync(
      'python',
      [
        '-c',
        `import sys
import mlflow
experiment = mlflow.set_experiment("${EXPERIMENT}")
if len(mlflow.search_traces(experiment_ids=[experiment.experiment_id])):
    sys.exit()

@mlflow.trace(span_type="RETRIEVER")
def retrieve(query):
    return [{"page_content": "MLflow Tracing captures every step"}]

@mlflow.trace(name="rag_agent", span_type="AGENT")
def rag_agent(question):
    return retrieve(question)

rag_agent("What does MLflow Tracing do?")
mlflow.flush_trace_async_logging()`
      ],
      { env: { ...process.env, MLFLOW_TRACKING_URI: TRACKING_URI } }
    );
  });

  for (const theme of THEMES) {
    test(`looks as recorded (${theme})`, async ({ page }) => {
      await setTheme(page, theme);
      await page.sidebar.openTab(SIDEBAR_ID);
      const sidebar = page.locator(`#${SIDEBAR_ID}`);
      await sidebar
        .getByRole('searchbox', { name: 'Search experiments by name' })
        .fill(EXPERIMENT);
      const experiments = sidebar
        .getByRole('listbox', { name: 'Experiments' })
        .getByRole('option');
      await expect(experiments).toHaveCount(1);
      await experiments.first().click();
      await expect(
        sidebar
          .getByRole('listbox', { name: 'Traces' })
          .getByRole('option')
          .filter({ hasText: 'rag_agent' })
      ).toHaveCount(1);
      await expect(sidebar).toHaveScreenshot(`sidebar-${theme}.png`, {
        // What differs from run to run: the server's port, times, durations.
        mask: [
          sidebar.getByText(TRACKING_URI, { exact: true }),
          sidebar.locator(
            '.jp-MlflowSidebar-muted, .jp-MlflowSidebar-traceStart, .jp-MlflowSidebar-traceDuration'
          )
        ]
      });
    });
  }
});
