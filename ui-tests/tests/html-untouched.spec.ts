/**
 * Ordinary HTML outputs look and are built exactly as without this extension,
 * in real JupyterLab with a real ipykernel and real pandas.
 *
 * One notebook (a pandas DataFrame, an IPython HTML output) is run and saved,
 * then opened twice from disk: once with the extension, once in a page load
 * whose page config disables the whole extension (JupyterLab's
 * `disabledExtensions`, what `jupyter labextension disable` writes). Each
 * output's DOM (every element, class and attribute) and its pixels must be
 * the same in both. MLflow's own iframe output, re-emitted by the kernel from
 * a fixture the real SDK wrote, still gets the native viewer.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';

import { notebookJson } from './utils';

const EXTENSION = 'jupyterlab-mlflow-traces';
const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures');

/** Outputs JupyterLab styles through its HTML rules (tables, lists, code). */
const CELLS = [
  `import pandas as pd
pd.DataFrame(
    {"model": ["gpt-4o", "claude", "llama"], "tokens": [1200, 830, 4096], "cost": [0.012, 0.0083, 0.0]},
    index=["a", "b", "c"],
)`,
  `from IPython.display import HTML
HTML("""<h3>Run summary</h3>
<p>Three models, <code>tokens</code> per call, <b>bold</b> and <a href="#x">a link</a>.</p>
<ul><li>one</li><li>two</li></ul>
<table><thead><tr><th>k</th><th>v</th></tr></thead><tbody><tr><td>alpha</td><td>1</td></tr><tr><td>beta</td><td>2</td></tr></tbody></table>
<pre>preformatted   text</pre>""")`
];

/** What one cell's outputs are, to the pixel and to the attribute. */
interface IOutputLook {
  html: string;
  png: Buffer;
}

const VISIBLE_CELLS = '.jp-Notebook .jp-Cell';

async function openNotebook(
  page: IJupyterLabPageFixture,
  file: string
): Promise<void> {
  // By command: the file browser may be covered by another sidebar.
  await page.evaluate(async p => {
    await (window as any).jupyterapp.commands.execute('docmanager:open', {
      path: p
    });
  }, file);
  await page.locator(VISIBLE_CELLS).first().waitFor();
}

async function lookOfOutputs(
  page: IJupyterLabPageFixture,
  count: number
): Promise<IOutputLook[]> {
  await page.evaluate(() => document.fonts.ready);
  // Nothing hovered, nothing blinking: the notebook in command mode.
  await page.mouse.move(0, 0);
  await page.keyboard.press('Escape');
  const looks: IOutputLook[] = [];
  for (let i = 0; i < count; i++) {
    const area = page.locator(VISIBLE_CELLS).nth(i).locator('.jp-OutputArea');
    await area.locator('.jp-OutputArea-output').first().waitFor();
    await area.scrollIntoViewIfNeeded();
    looks.push({
      // The outputs with their prompts (the prompt overlay's icon arrives late).
      html: await area.evaluate(node => {
        // Every element with its attributes in order, and every text.
        const describe = (el: Element): string =>
          `<${el.tagName.toLowerCase()}` +
          Array.from(
            el.attributes,
            a => ` ${a.name}=${JSON.stringify(a.value)}`
          ).join('') +
          '>' +
          Array.from(el.childNodes, child =>
            child instanceof Element
              ? describe(child)
              : child.nodeType === Node.TEXT_NODE
                ? JSON.stringify(child.textContent)
                : ''
          ).join('') +
          `</${el.tagName.toLowerCase()}>`;
        return Array.from(
          node.querySelectorAll(':scope > .jp-OutputArea-child'),
          describe
        ).join('');
      }),
      png: await area.screenshot({ animations: 'disabled' })
    });
  }
  return looks;
}

/** Serve JupyterLab's page with this extension in `disabledExtensions`. */
async function disableExtension(page: IJupyterLabPageFixture): Promise<void> {
  await page.route('**/lab**', async route => {
    if (route.request().resourceType() !== 'document') {
      return route.fallback();
    }
    const response = await route.fetch();
    const body = (await response.text()).replace(
      /(<script id="jupyter-config-data" type="application\/json">)([\s\S]*?)(<\/script>)/,
      (_, open: string, json: string, close: string) => {
        const config = JSON.parse(json);
        config.disabledExtensions = [
          ...(config.disabledExtensions ?? []),
          EXTENSION
        ];
        return open + JSON.stringify(config) + close;
      }
    );
    await route.fulfill({ response, body });
  });
}

/** A fresh page load (no launcher to wait for: the notebook was closed). */
async function reload(page: IJupyterLabPageFixture): Promise<void> {
  await page.reload({ waitForIsReady: false });
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
}

function extensionActive(page: IJupyterLabPageFixture): Promise<boolean> {
  return page.evaluate(
    id => (window as any).jupyterapp.isPluginActivated(id),
    `${EXTENSION}:plugin`
  );
}

test('a DataFrame and other HTML outputs are identical with and without the extension', async ({
  page,
  tmpPath
}) => {
  const file = `${tmpPath}/html-outputs.ipynb`;
  await page.contents.uploadContent(
    notebookJson(CELLS.map(source => ({ source }))),
    'text',
    file
  );
  await openNotebook(page, file);
  await page.notebook.run();
  await page.notebook.save();
  await page.notebook.close(true);

  await test.step('with the extension', async () => {
    await reload(page);
    expect(await extensionActive(page)).toBe(true);
    await openNotebook(page, file);
  });
  const withExtension = await lookOfOutputs(page, CELLS.length);
  await page.notebook.close(true);

  await test.step('without the extension (disabled in the page config)', async () => {
    await disableExtension(page);
    await reload(page);
    expect(await extensionActive(page)).toBe(false);
    await openNotebook(page, file);
  });
  const without = await lookOfOutputs(page, CELLS.length);
  await page.notebook.close(true);
  await page.unrouteAll({ behavior: 'ignoreErrors' });

  // Soft: a difference in one output does not hide the others.
  for (let i = 0; i < CELLS.length; i++) {
    expect
      .soft(withExtension[i].html, `DOM of output ${i}`)
      .toBe(without[i].html);
    expect
      .soft(
        withExtension[i].png.equals(without[i].png),
        `pixels of output ${i}`
      )
      .toBe(true);
  }
  // The DataFrame is JupyterLab's table: the output node is the HTML node.
  expect(withExtension[0].html).toMatch(
    /class="[^"]*\bjp-RenderedHTMLCommon\b[^"]*\bjp-OutputArea-output\b/
  );
  expect(withExtension[0].html).toContain('class="dataframe"');
  expect(withExtension[1].html).toContain('Run summary');
  await test.info().attach('dataframe-with-extension.png', {
    body: withExtension[0].png,
    contentType: 'image/png'
  });
  await test.info().attach('dataframe-without-extension.png', {
    body: without[0].png,
    contentType: 'image/png'
  });
});

test('MLflow\u2019s iframe output, emitted by a trusted kernel, still gets the native viewer', async ({
  page,
  tmpPath
}) => {
  // What MLflow 3.17.2 displayed (fixtures/, written by the real SDK),
  // displayed again by the kernel: a trusted output of MLflow's HTML only.
  const fixture = JSON.parse(
    fs.readFileSync(
      path.join(FIXTURES, 'mlflow-3.17.2', 'decorated.iframe.json'),
      'utf-8'
    )
  );
  const source = `import json
from IPython.display import display
display(json.loads(${JSON.stringify(JSON.stringify(fixture.payload))}), raw=True)`;
  const file = `${tmpPath}/iframe.ipynb`;
  await page.contents.uploadContent(notebookJson([{ source }]), 'text', file);
  await openNotebook(page, file);
  await page.notebook.run();

  const cell = page.locator(VISIBLE_CELLS).nth(0);
  const card = cell.locator('.jp-MlflowTrace-referenceCard');
  await expect(card).toContainText(fixture.expected.references[0].trace_id);
  await expect(cell.locator('iframe')).toHaveCount(0);
  // The HTML rules do not reach into the viewer.
  const output = cell.locator('.jp-OutputArea-output');
  await expect(output).toHaveClass(/\bjp-MlflowTraceOutput\b/);
  await expect(output).not.toHaveClass(/\bjp-RenderedHTMLCommon\b/);
  expect(
    await page.evaluate(() => {
      const app = (window as any).jupyterapp;
      return app.shell.currentWidget.content.model.cells.get(0).trusted;
    })
  ).toBe(true);
});
