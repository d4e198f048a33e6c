/**
 * The span filters in real JupyterLab: a real ipykernel runs an agent under
 * the real mlflow SDK (as fixtures/loglevel/generate_loglevel.py does),
 * logging to the real tracking server run.sh started. MLflow gives each
 * span its log level: by type (AGENT, LLM, TOOL: Info; CHAIN, FUNCTION:
 * Debug), from log_level= (Warning, Critical), and Error for an exception.
 */
import { expect, test } from '@jupyterlab/galata';

import { notebookJson, spanRow, TRACKING_URI, viewerOf } from './utils';

/** Plain user code with spans at every level. */
const LEVELS_AGENT_CELL = `import mlflow
from mlflow.entities import SpanEvent
mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("galata-filters")

@mlflow.trace(span_type="FUNCTION")
def normalize(text):
    return text.strip().lower()

@mlflow.trace(span_type="LLM")
def draft(text):
    return "Draft answer for: " + text

@mlflow.trace(span_type="CHAIN")
def prepare(question):
    return draft(normalize(question))

@mlflow.trace(span_type="TOOL", log_level="WARNING")
def fetch_quota(user):
    return {"user": user, "remaining": 3}

@mlflow.trace(span_type="TOOL")
def flaky_lookup(key):
    raise TimeoutError("lookup timed out")

def cache_read(key):
    with mlflow.start_span(name="cache_read", span_type="FUNCTION") as span:
        try:
            raise KeyError(key)
        except KeyError as e:
            span.add_event(SpanEvent.from_exception(e))

@mlflow.trace(span_type="FUNCTION", log_level="CRITICAL")
def audit(answer):
    return {"flagged": True}

@mlflow.trace(name="agent", span_type="AGENT")
def agent(question):
    answer = prepare(question)
    fetch_quota("ada")
    try:
        flaky_lookup("weather")
    except TimeoutError:
        pass
    cache_read("weather")
    audit(answer)
    return answer

agent("  What is the weather in Paris?  ")`;

const ALL = [
  'agent',
  'prepare',
  'normalize',
  'draft',
  'fetch_quota',
  'flaky_lookup',
  'cache_read',
  'audit'
];

test('minimum log level, parents of matches and spans with exceptions', async ({
  page,
  tmpPath
}) => {
  await page.contents.uploadContent(
    notebookJson([{ source: LEVELS_AGENT_CELL }]),
    'text',
    `${tmpPath}/filters.ipynb`
  );
  await page.filebrowser.open(`${tmpPath}/filters.ipynb`);
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  await page.notebook.run();

  const viewer = viewerOf(page, 0);
  const tree = viewer.getByRole('tree', { name: 'Spans' });
  await expect(tree).toBeVisible();
  await viewer.getByRole('button', { name: 'Expand all' }).click();
  await expect(tree.getByRole('treeitem')).toHaveCount(ALL.length);

  await viewer.getByRole('button', { name: 'Filters' }).click();
  const level = viewer.getByRole('combobox', { name: 'Minimum log level' });
  const parents = viewer.getByRole('checkbox', { name: 'Parents of matches' });
  const exceptions = viewer.getByRole('checkbox', {
    name: /^Spans with exceptions/
  });

  // Info: the Debug spans leave; the Debug parent of an Info span stays, dimmed.
  await level.selectOption({ label: 'Info' });
  await expect(spanRow(viewer, 'normalize')).toHaveCount(0);
  await expect(spanRow(viewer, 'prepare')).toHaveClass(/jp-mod-dimmed/);
  await expect(spanRow(viewer, 'draft')).toHaveAttribute('aria-level', '3');
  await expect(viewer.getByText(/6 of 8 spans/)).toBeVisible();
  await viewer.screenshot({ path: 'test-results/filters-info.png' });

  // Without parents: prepare leaves, draft moves up under the agent.
  await parents.uncheck();
  await expect(spanRow(viewer, 'prepare')).toHaveCount(0);
  await expect(spanRow(viewer, 'draft')).toHaveAttribute('aria-level', '2');
  await parents.check();

  // Critical: the spans with an exception stay (raised, and handled with
  // status OK) until that box is cleared; the Critical span stays.
  await level.selectOption({ label: 'Critical' });
  for (const name of ['flaky_lookup', 'cache_read', 'audit']) {
    await expect(spanRow(viewer, name)).toBeVisible();
  }
  await expect(spanRow(viewer, 'fetch_quota')).toHaveCount(0);
  await exceptions.uncheck();
  await expect(spanRow(viewer, 'flaky_lookup')).toHaveCount(0);
  await expect(spanRow(viewer, 'cache_read')).toHaveCount(0);
  await expect(spanRow(viewer, 'audit')).toBeVisible();

  // The select works from the keyboard: one level down (Error) brings the
  // exception spans back by their level.
  await level.focus();
  await page.keyboard.press('ArrowUp');
  await expect(level).toHaveValue('40');
  await expect(spanRow(viewer, 'flaky_lookup')).toBeVisible();
  await expect(spanRow(viewer, 'cache_read')).toBeVisible();

  await viewer.getByRole('button', { name: 'Reset filters' }).click();
  await expect(tree.getByRole('treeitem')).toHaveCount(ALL.length);
});
