/**
 * Trace comparison in real JupyterLab and Chromium: a real ipykernel runs the
 * same traced agent twice with the real mlflow SDK, the second time with a
 * changed prompt, an added rerank step and a fixed tool. "Compare with…" on
 * the second output lists the first; the comparison tab shows the added
 * step, the status change, the token delta and the prompt's diff, read from
 * the outputs' embedded traces while the tracking server's traces cannot be
 * read (requests refused in the browser).
 */
import { expect, test } from '@jupyterlab/galata';

import { notebookJson, spanRow, TRACKING_URI, viewerOf } from './utils';

const AGENT_CELL = `import mlflow
from mlflow.tracing.constant import SpanAttributeKey
mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("compare-e2e")

PROMPT = "Answer briefly: {q}"
RERANK = False
LOOKUP_WORKS = False

@mlflow.trace(span_type="RETRIEVER")
def retrieve(q):
    return ["Paris is the capital of France.", "France is in Europe."]

@mlflow.trace(span_type="RERANKER")
def rerank(docs):
    return docs[:1]

@mlflow.trace(span_type="TOOL")
def lookup(city):
    if not LOOKUP_WORKS:
        raise ValueError("lookup service down")
    return {"city": city}

@mlflow.trace(span_type="LLM")
def call_llm(prompt):
    span = mlflow.get_current_active_span()
    span.set_attribute(SpanAttributeKey.MODEL, "gpt-4o-mini")
    n = len(prompt.split()) * 2
    span.set_attribute(SpanAttributeKey.CHAT_USAGE, {"input_tokens": n, "output_tokens": 5, "total_tokens": n + 5})
    return "Paris."

@mlflow.trace(name="agent", span_type="AGENT")
def agent(q):
    docs = retrieve(q)
    if RERANK:
        docs = rerank(docs)
    try:
        lookup("Paris")
    except ValueError:
        pass
    return call_llm(PROMPT.format(q=q) + " " + " ".join(docs))

agent("What is the capital of France?")`;

const AFTER_CELL = `PROMPT = "You are a careful assistant. Answer in one sentence: {q}"
RERANK = True
LOOKUP_WORKS = True
agent("What is the capital of France?")`;

test.describe('Trace comparison', () => {
  test('"Compare with…" on an output shows what changed between two runs', async ({
    page,
    tmpPath
  }) => {
    await page.contents.uploadContent(
      notebookJson([{ source: AGENT_CELL }, { source: AFTER_CELL }]),
      'text',
      `${tmpPath}/compare.ipynb`
    );
    await page.filebrowser.open(`${tmpPath}/compare.ipynb`);
    await page.waitForSelector('.jp-Notebook .jp-Cell');
    await page.notebook.run();
    const before = viewerOf(page, 0);
    const after = viewerOf(page, 1);
    await expect(spanRow(before, 'agent')).toBeVisible();
    await expect(spanRow(after, 'rerank')).toBeVisible();

    // From here the Jupyter server cannot read the tracking server's traces:
    // the comparison must come from the outputs' own data.
    const blocked: string[] = [];
    await page.route(
      /\/jupyterlab-mlflow-traces\/(traces|experiments)\//,
      route => {
        blocked.push(route.request().url());
        return route.abort('connectionrefused');
      }
    );

    await after.click({ button: 'right', position: { x: 4, y: 4 } });
    await page.getByRole('menuitem', { name: 'Compare with…' }).click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('Compare “agent” with…');
    const list = dialog.getByRole('listbox', {
      name: 'Traces to compare with'
    });
    // The first run's trace, from this notebook's outputs; not the output's own.
    const options = list.locator('option');
    await expect(options.first()).toContainText('cell [1]');
    await expect(list.locator('option', { hasText: 'cell [2]' })).toHaveCount(
      0
    );
    // The experiment's list is unavailable, and the dialog says so.
    await expect(dialog).toContainText('are not listed');
    await list.selectOption({ index: 0 });
    await dialog.getByRole('button', { name: 'Compare' }).click();

    const tab = page.locator('.jp-MlflowCompare-panel:not(.lm-mod-hidden)');
    await expect(
      page.getByRole('tab', { name: 'Compare: agent' })
    ).toBeVisible();
    const view = tab.locator('.jp-MlflowCompare');
    // The earlier run is A.
    await expect(view.locator('.jp-MlflowCompare-header')).toContainText(
      'cell [1]'
    );
    const totals = view.getByRole('table', { name: 'Totals' });
    await expect(totals.getByRole('row', { name: /Spans/ })).toHaveText(
      /Spans\s*4\s*5\s*\+1/
    );
    await expect(totals.getByRole('row', { name: /Errors/ })).toHaveText(
      /Errors\s*1\s*0\s*−1/
    );
    await expect(totals.getByRole('row', { name: /Tokens/ })).toContainText(
      '+'
    );

    const row = (path: string) =>
      view.locator(`[role="option"][data-path="${path}"]`);
    await expect(row('agent/rerank')).toHaveAttribute('data-kind', 'added');
    await expect(row('agent/lookup')).toContainText('ERROR → OK');
    await expect(row('agent/call_llm')).toContainText('+');
    await expect(view.getByRole('status')).toHaveText(
      '4 matched · 1 added · 0 removed · 2 changed'
    );

    // Keyboard: the list takes focus, End selects the model call, its prompt diff shows.
    await view.getByRole('listbox').focus();
    await page.keyboard.press('End');
    await expect(row('agent/call_llm')).toHaveAttribute(
      'aria-selected',
      'true'
    );
    const inputs = view.getByRole('region', { name: 'Inputs' });
    await expect(inputs.locator('ins').first()).toBeVisible();
    await expect(inputs.locator('ins')).toContainText(['careful']);
    await expect(inputs.locator('del')).toContainText(['briefly:']);
    await page.keyboard.press('ArrowUp');
    await expect(row('agent/lookup')).toHaveAttribute('aria-selected', 'true');
    await expect(view.locator('.jp-MlflowCompare-status')).toContainText(
      'status changed'
    );
    await view.screenshot({ path: 'test-results/compare.png' });

    // Swap: the later run becomes A.
    const labels = view.locator('.jp-MlflowCompare-traceLabel');
    const idOf = async (i: number) =>
      (await labels.nth(i).locator('code').textContent()) as string;
    const [beforeId, afterId] = [await idOf(0), await idOf(1)];
    await view.getByRole('button', { name: 'Swap A and B' }).click();
    await expect(labels.first()).toContainText('cell [2]');
    await expect(row('agent/rerank')).toHaveAttribute('data-kind', 'removed');

    // By ids (what the sidebar's rows call): the open notebook's copies, a tab of its own.
    await page.evaluate(
      ([traceIdA, traceIdB]) =>
        (window as any).jupyterapp.commands.execute('mlflow-traces:compare', {
          traceIdA,
          traceIdB
        }),
      [afterId, beforeId]
    );
    const panels = page.locator('.jp-MlflowCompare-panel');
    await expect(panels).toHaveCount(2);
    await expect(
      panels.nth(1).locator('.jp-MlflowCompare-traceLabel').first()
    ).toContainText(afterId);

    // The experiment listing was tried (and refused); no trace was needed from the server.
    expect(blocked.some(url => /\/experiments\/[^/]+\/traces/.test(url))).toBe(
      true
    );
  });
});
