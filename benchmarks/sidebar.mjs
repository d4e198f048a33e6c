/* global URL, console, document, performance, requestAnimationFrame, setTimeout, window -- browser and Node 20 globals: parts of this file run in the page (page.evaluate) */
/**
 * Browser half of sidebar.py: Debian's Chromium through Playwright (ui-tests' copy)
 * against the JupyterLab that script started. Per run, in a fresh page: open the
 * MLflow sidebar, select the experiment, load ROWS rows by keeping the trace list
 * scrolled to its end (the sidebar pages in as it nears the end), then wheel-scroll
 * from the top through every loaded row. Prints JSON, one object per run: the rows
 * loaded, the time to load them, the p95 frame while wheel-scrolling, the most DOM
 * nodes in the trace list at any point, and the JS heap after (after a GC).
 */
import { createRequire } from 'module';

const require = createRequire(
  new URL('../ui-tests/package.json', import.meta.url)
);
const { chromium } = require('playwright');

const LAB_URL = process.env.LAB_URL;
const TOKEN = process.env.LAB_TOKEN;
const EXPERIMENT = process.env.EXPERIMENT_NAME ?? 'sidebar-100k';
const ROWS = Number(process.env.ROWS ?? 10000);
const RUNS = Number(process.env.RUNS ?? 3);
const SIDEBAR_ID = 'jp-mlflow-traces-sidebar';
// Ten 44 px rows a wheel step; 1,000 steps for 10,000 rows.
const WHEEL_STEP = 440;

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** In the page: keep the trace list at its end until `rows` rows are listed or it stops growing. */
async function loadRows(rows) {
  const list = document.querySelector('[role="listbox"][aria-label="Traces"]');
  const count = () =>
    Number(
      list.querySelector('[role="option"]')?.getAttribute('aria-setsize') ?? 0
    );
  const start = performance.now();
  let last = count();
  let lastChange = start;
  // The list's end: no new page within 5 s.
  while (count() < rows && performance.now() - lastChange < 5000) {
    list.scrollTop = list.scrollHeight;
    await new Promise(resolve => setTimeout(resolve, 20));
    if (count() !== last) {
      last = count();
      lastChange = performance.now();
    }
  }
  // Until the last row arrived (not the wait for a page that never came).
  const loaded = { rows: count(), ms: lastChange - start };
  // Where the time goes: the trace-page requests themselves, and the gaps
  // between one page's answer and the next page's request (the page's work).
  const pages = performance
    .getEntriesByType('resource')
    .filter(
      e =>
        e.startTime >= start &&
        e.startTime <= lastChange &&
        /\/experiments\/[^/]+\/traces/.test(new URL(e.name).pathname)
    )
    .sort((a, b) => a.startTime - b.startTime);
  loaded.requests = pages.length;
  loaded.requestMs = pages.reduce(
    (t, e) => t + (e.responseEnd - e.startTime),
    0
  );
  loaded.gapMs = pages
    .slice(1)
    .reduce(
      (t, e, i) => t + Math.max(0, e.startTime - pages[i].responseEnd),
      0
    );
  list.scrollTop = 0;
  await new Promise(resolve => requestAnimationFrame(resolve));
  return loaded;
}

/** In the page: record frame times and the list's node count until stopped. */
function recordFrames() {
  const list = document.querySelector('[role="listbox"][aria-label="Traces"]');
  const record = (window.__sidebarBench = { frames: [], nodes: 0, on: true });
  let previous = performance.now();
  const tick = now => {
    record.frames.push(now - previous);
    previous = now;
    record.nodes = Math.max(record.nodes, list.querySelectorAll('*').length);
    if (record.on) {
      requestAnimationFrame(tick);
    }
  };
  requestAnimationFrame(tick);
}

async function once(browser) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 }
  });
  const page = await context.newPage();
  try {
    await page.goto(`${LAB_URL}/lab?reset&token=${TOKEN}`);
    await page
      .locator(`.jp-SideBar .lm-TabBar-tab[data-id="${SIDEBAR_ID}"]`)
      .click();
    const sidebar = page.locator(`#${SIDEBAR_ID}`);
    await sidebar
      .getByRole('listbox', { name: 'Experiments' })
      .getByRole('option', { name: EXPERIMENT })
      .click();
    const list = sidebar.getByRole('listbox', { name: 'Traces' });
    await list.getByRole('option').first().waitFor({ timeout: 120000 });
    const loaded = await page.evaluate(loadRows, ROWS);

    await list.hover();
    await page.evaluate(recordFrames);
    const steps = Math.ceil((loaded.rows * 44) / WHEEL_STEP);
    for (let i = 0; i < steps; i++) {
      await page.mouse.wheel(0, WHEEL_STEP);
      await page.evaluate(
        () => new Promise(resolve => requestAnimationFrame(resolve))
      );
    }
    const record = await page.evaluate(() => {
      window.__sidebarBench.on = false;
      return window.__sidebarBench;
    });
    const last = await list
      .getByRole('option')
      .last()
      .getAttribute('aria-posinset');
    // Reaching the end loads the next page, so there may be more rows by now.
    if (Number(last) < loaded.rows) {
      throw new Error(`scrolled to row ${last} only, of ${loaded.rows}`);
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find(m => m.name === 'JSHeapUsedSize').value;
    return {
      rows: loaded.rows,
      load_ms: loaded.ms,
      page_requests: loaded.requests,
      request_ms: loaded.requestMs,
      gap_ms: loaded.gapMs,
      // The first frame includes the wait before the first wheel event.
      p95_frame_ms: percentile(record.frames.slice(1), 0.95),
      frames: record.frames.length,
      list_nodes_max: record.nodes,
      heap_mb: heap / 1e6
    };
  } finally {
    await context.close();
  }
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push(await once(browser));
  }
  console.log(JSON.stringify(runs));
} finally {
  await browser.close();
}
