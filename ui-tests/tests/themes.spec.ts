/**
 * The viewer follows JupyterLab's theme (CSS variables only). Also writes the
 * README's screenshots to test-results/ (copied to docs/screenshots by hand).
 */
import { expect, test } from '@jupyterlab/galata';

import { notebookJson, TRACKING_URI } from './utils';

const AGENT_CELL = `import mlflow
mlflow.set_tracking_uri("${TRACKING_URI}")
mlflow.set_experiment("galata-themes")

@mlflow.trace(span_type="TOOL")
def get_weather(city):
    return {"city": city, "forecast": "sunny", "temp_c": 23}

@mlflow.trace(span_type="CHAT_MODEL")
def chat(messages):
    mlflow.get_current_active_span().set_attribute(
        "mlflow.chat.tokenUsage", {"input_tokens": 42, "output_tokens": 17, "total_tokens": 59})
    return {"choices": [{"message": {"role": "assistant", "content": "It is sunny in Kyoto, 23 °C."}}]}

@mlflow.trace(name="weather_agent", span_type="AGENT")
def agent(question):
    with mlflow.start_span("plan", span_type="CHAIN") as span:
        span.set_inputs({"question": question})
        span.set_outputs({"tool": "get_weather"})
    weather = get_weather("Kyoto")
    return chat([{"role": "system", "content": "You are a weather assistant."},
                 {"role": "user", "content": question},
                 {"role": "tool", "content": str(weather)}])

agent("What's the weather in Kyoto?")`;

test('the viewer takes the light and the dark theme', async ({
  page,
  tmpPath
}) => {
  await page.contents.uploadContent(
    notebookJson([{ source: AGENT_CELL }]),
    'text',
    `${tmpPath}/themes.ipynb`
  );
  await page.filebrowser.open(`${tmpPath}/themes.ipynb`);
  await page.notebook.run();
  const viewer = page
    .locator('.jp-Notebook .jp-Cell')
    .first()
    .locator('.jp-MlflowTrace');
  await expect(viewer.getByRole('tree')).toBeVisible();
  await viewer
    .getByRole('treeitem')
    .filter({ hasText: 'chat' })
    .first()
    .click();
  await expect(viewer.locator('.jp-MlflowTrace-detailPane')).toContainText(
    'sunny'
  );

  const background = () =>
    viewer.evaluate(node => getComputedStyle(node).backgroundColor);
  const light = await background();
  await viewer.screenshot({ path: 'test-results/viewer-light.png' });

  await page.theme.setDarkTheme();
  await expect.poll(background).not.toBe(light);
  await viewer.screenshot({ path: 'test-results/viewer-dark.png' });
  await page.theme.setLightTheme();
});
