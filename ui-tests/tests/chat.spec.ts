/**
 * The Chat tab for every chat format, in real JupyterLab and Chromium. A real
 * ipykernel loads each REAL chat fixture (fixtures/chat/: made by the
 * provider SDK under MLflow's autolog, see scripts/fixtures/generate_chat.py)
 * with the real mlflow SDK's `Trace.from_json` and displays it; the kernel
 * hook embeds it and the viewer renders it.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

import { notebookJson, TRACKING_URI } from './utils';

const CHAT_FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'chat');
const VERSION = fs
  .readdirSync(CHAT_FIXTURES)
  .find(d => d.startsWith('mlflow-')) as string;

const ANSWER = 'It is 18C and sunny in Paris.';

/** Each format's last model span: the whole conversation and the answer. */
const FORMATS: [string, string, string][] = [
  ['openai-chat', 'Completions', ANSWER],
  ['openai-responses', 'Responses', ANSWER],
  ['openai-agents', 'Response', ANSWER],
  ['anthropic', 'Messages.create', ANSWER],
  ['bedrock', 'BedrockRuntime.converse', ANSWER],
  ['gemini', 'Models.generate_content', ANSWER],
  ['mistral', 'Chat.complete', ANSWER],
  ['langchain', 'GenericFakeChatModel', ANSWER],
  ['llamaindex', 'MockLLM.chat', 'text text'],
  ['dspy', 'DummyLM.__call__', ANSWER],
  ['autogen', 'OpenAIChatCompletionClient.create', ANSWER],
  ['ag2', 'chat_completion', ANSWER],
  ['pydantic-ai', 'TestModel.request', ANSWER],
  ['otel-genai', 'chat test', ANSWER]
];

function displayCell(format: string): string {
  const file = path.join(CHAT_FIXTURES, VERSION, `${format}.trace.json`);
  return `import json
import mlflow
from mlflow.entities import Trace
mlflow.set_tracking_uri("${TRACKING_URI}")
with open(${JSON.stringify(file)}) as f:
    payload = json.load(f)["payload"]
Trace.from_json(json.dumps(payload))`;
}

async function showChat(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  format: string,
  spanName: string
): Promise<Locator> {
  const name = `chat-${format}.ipynb`;
  await page.contents.uploadContent(
    notebookJson([{ source: displayCell(format) }]),
    'text',
    `${tmpPath}/${name}`
  );
  await page.filebrowser.open(`${tmpPath}/${name}`);
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  await page.notebook.run();
  const viewer = page
    .locator('.jp-Notebook .jp-Cell')
    .first()
    .locator('.jp-MlflowTrace');
  // Agent frameworks nest their model spans deeper than the levels shown.
  await viewer.getByRole('button', { name: 'Expand all' }).click();
  const rows = viewer
    .getByRole('treeitem')
    .filter({ has: page.getByText(spanName, { exact: true }) });
  await rows.last().click();
  const detail = viewer.locator('.jp-MlflowTrace-detailPane');
  await expect(detail.getByRole('tab', { name: /^Chat/ })).toHaveAttribute(
    'aria-selected',
    'true'
  );
  return viewer;
}

test.describe('chat formats', () => {
  for (const [format, spanName, answer] of FORMATS) {
    test(`${format}: the conversation and the answer in the Chat tab`, async ({
      page,
      tmpPath
    }) => {
      const viewer = await showChat(page, tmpPath, format, spanName);
      const messages = viewer.getByRole('list', { name: 'Messages' });
      await expect(messages).toContainText(
        'What is the weather in Paris? Here is a photo of the sky.'
      );
      await expect(messages).toContainText(answer);
      // Content loads nothing: no image element anywhere in the viewer.
      await expect(viewer.locator('img')).toHaveCount(0);
    });
  }

  test('anthropic: thinking folded under Reasoning, the image a placeholder, the tool call', async ({
    page,
    tmpPath
  }) => {
    const viewer = await showChat(
      page,
      tmpPath,
      'anthropic',
      'Messages.create'
    );
    // MLflow stored the message's image as an attachment: a placeholder that
    // names it; nothing is fetched (no Load click), no image element.
    await expect(viewer.getByText('Image · PNG · 70 bytes')).toBeVisible();
    await expect(viewer.locator('img')).toHaveCount(0);
    const reasoning = viewer
      .locator('details.jp-MlflowTrace-reasoning')
      .first();
    await expect(reasoning).not.toHaveAttribute('open', '');
    await reasoning.getByText('Reasoning').click();
    await expect(reasoning).toContainText(
      'The user wants the weather in Paris; I should call get_weather.'
    );
    const call = viewer.locator('.jp-MlflowTrace-toolCall').first();
    await expect(call.locator('.jp-MlflowTrace-toolName')).toHaveText(
      'get_weather'
    );
    await expect(viewer.locator('.jp-MlflowTrace-role-tool')).toContainText(
      '18C and sunny'
    );
    // For the README (not a reference): reasoning open, the tool call and its
    // result in the Chat tab.
    await viewer.screenshot({ path: 'test-results/chat.png' });
  });
});
