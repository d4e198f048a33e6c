/**
 * Sessions in real JupyterLab: a real kernel logs three turns of one chat
 * session and one trace without a session to the real MLflow server (run.sh);
 * the sidebar groups them, the session opens as one conversation in order,
 * and a turn expands to its trace.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

import { notebookJson, TRACKING_URI } from './utils';

const SIDEBAR_ID = 'jp-mlflow-traces-sidebar';
const RUN = Date.now().toString(36);
const SESSION = `chat-${RUN}`;
const QUESTIONS = [
  'What is the capital of France?',
  'How many people live there?',
  'Thanks!'
];

/** A chat app tagging each turn with its conversation, as MLflow documents it. */
const CHAT_CELL = `import mlflow, time
mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("sessions-${RUN}")

@mlflow.trace(name="chat_turn", span_type="CHAT_MODEL")
def chat_turn(message, session=None):
    if session:
        mlflow.update_current_trace(
            metadata={"mlflow.trace.session": session, "mlflow.trace.user": "ana"}
        )
    time.sleep(0.05)
    return "Answer to: " + message

for question in ${JSON.stringify(QUESTIONS)}:
    chat_turn(question, "${SESSION}")
chat_turn("ping")`;

function sidebar(page: IJupyterLabPageFixture): Locator {
  return page.locator(`#${SIDEBAR_ID}`);
}

function traceRows(page: IJupyterLabPageFixture): Locator {
  return sidebar(page)
    .getByRole('listbox', { name: 'Traces' })
    .getByRole('option');
}

test('the sidebar groups a chat session and opens it as a conversation', async ({
  page,
  tmpPath
}, testInfo) => {
  await page.sidebar.openTab(SIDEBAR_ID);
  await expect(sidebar(page)).toBeVisible();
  const notebook = `${tmpPath}/sessions.ipynb`;
  await page.contents.uploadContent(
    notebookJson([{ source: CHAT_CELL }]),
    'text',
    notebook
  );
  // Opened by command: the file browser is hidden behind the MLflow sidebar.
  // Returns nothing: the opened widget cannot be serialized back to the test.
  await page.evaluate(async path => {
    await (window as any).jupyterapp.commands.execute('docmanager:open', {
      path
    });
  }, notebook);
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  await page.notebook.run();

  // The sidebar follows the cell's experiment: four traces, one per row.
  await expect(traceRows(page)).toHaveCount(4, { timeout: 60000 });
  const toggle = sidebar(page).getByRole('checkbox', {
    name: 'Group by session'
  });
  await expect(toggle).not.toBeChecked();
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(toggle).toBeChecked();

  // Grouped: the conversation is one row, the other trace stays a row. The
  // list may hold a turn MLflow had not finished writing when it was listed
  // (its session metadata arrives with its final info): a refresh brings it,
  // as the user would press it.
  await expect(async () => {
    await sidebar(page)
      .getByRole('button', { name: 'Refresh the traces' })
      .click();
    await expect(traceRows(page)).toHaveCount(2, { timeout: 5000 });
  }).toPass({ timeout: 60000 });
  const sessionRow = traceRows(page).filter({ hasText: SESSION });
  await expect(sessionRow).toContainText('3 turns');
  await expect(sessionRow).toContainText('User: ana');
  await expect(traceRows(page).filter({ hasText: 'ping' })).toHaveCount(1);
  await page.screenshot({
    path: testInfo.outputPath('sessions-sidebar.png')
  });

  await sessionRow.click();
  const tab = page.locator('.jp-MlflowSessionTab');
  await expect(
    tab.getByRole('heading', { name: `Session ${SESSION}` })
  ).toBeVisible({ timeout: 60000 });
  const turns = tab.getByRole('listitem');
  await expect(turns).toHaveCount(3);
  for (const [i, question] of QUESTIONS.entries()) {
    await expect(turns.nth(i)).toContainText(`Turn ${i + 1}`);
    await expect(turns.nth(i)).toContainText(question);
    await expect(turns.nth(i)).toContainText(`Answer to: ${question}`);
  }
  // For the README (not a reference): the session as a conversation.
  await tab.screenshot({ path: 'test-results/session.png' });

  // The second turn expands to its full trace, in the trace tab's viewer.
  await turns.nth(1).getByRole('button', { name: 'Show trace' }).click();
  const trace = turns.nth(1).getByRole('region', { name: /^Trace tr-/ });
  await expect(trace.locator('.jp-MlflowTrace')).toBeVisible({
    timeout: 60000
  });
  await expect(
    trace.getByRole('treeitem').filter({ hasText: 'chat_turn' }).first()
  ).toBeVisible();
  await expect(trace).toContainText('How many people live there?');
  await page.screenshot({
    path: testInfo.outputPath('sessions-tab.png')
  });

  await turns.nth(1).getByRole('button', { name: 'Hide trace' }).click();
  await expect(trace).toBeHidden();
});
