/* global PerformanceObserver, addEventListener, document, performance, queueMicrotask, requestAnimationFrame, window -- browser and Node 20 globals: parts of this file run in the page (page.evaluate) */
/**
 * Browser half of notebook_outputs.py: Debian's Chromium through Playwright
 * (ui-tests' copy) against the JupyterLab that script started. Prints JSON:
 * for "plain", "tables", "before" and "after", one value per run of: the open
 * time (ms), the p95 frame while wheel-scrolling to the end (ms), the viewers
 * and DOM nodes in the page after opening, and the long tasks while scrolling.
 */
import { chromium, percentile, shutDownKernels } from './lib/browser.mjs';

const LAB_URL = process.env.LAB_URL;
const TOKEN = process.env.LAB_TOKEN;
const RUNS = Number(process.env.RUNS ?? 3);
const CELLS = Number(process.env.CELLS ?? 50);
const WHEEL_STEP = 250;
/** Which notebooks to measure (all four by default; a subset while working on one). */
const KINDS = (process.env.KINDS ?? 'plain,tables,before,after').split(',');

/** "before": every trace output's host is reported in view as soon as it is observed. */
function mountAtOnce() {
  const Native = window.IntersectionObserver;
  window.IntersectionObserver = class extends Native {
    constructor(callback, options) {
      super(callback, options);
      this._callback = callback;
    }
    observe(target) {
      super.observe(target);
      if (target.classList?.contains('jp-MlflowTraceOutput-host')) {
        queueMicrotask(() =>
          this._callback(
            [{ target, isIntersecting: true, intersectionRatio: 1 }],
            this
          )
        );
      }
    }
  };
}

/** In the page: when the double click came, and when the notebook was complete. */
function watchOpen({ cells, traced }) {
  const bench = (window.__bench = { t0: null, t1: null });
  addEventListener(
    'dblclick',
    () => {
      bench.t0 ??= performance.now();
    },
    true
  );
  const complete = () => {
    const panel = document.querySelector(
      '.jp-NotebookPanel:not(.lm-mod-hidden)'
    );
    if (!panel || panel.querySelectorAll('.jp-Cell').length < cells) {
      return false;
    }
    if (!traced) {
      return true;
    }
    const hosts = panel.querySelectorAll('.jp-MlflowTraceOutput-host');
    if (hosts.length < cells) {
      return false;
    }
    // Every output in view shows its drawn tree.
    const view = panel
      .querySelector('.jp-WindowedPanel-outer')
      .getBoundingClientRect();
    for (const host of hosts) {
      const r = host.getBoundingClientRect();
      if (r.bottom > view.top && r.top < view.bottom) {
        if (!host.querySelector('.jp-MlflowTrace [role="tree"]')) {
          return false;
        }
      }
    }
    return true;
  };
  const poll = () => {
    if (bench.t0 !== null && complete()) {
      // The frame after: what the user sees.
      requestAnimationFrame(() => (bench.t1 = performance.now()));
      return;
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

async function measure(browser, kind) {
  const traced = kind === 'before' || kind === 'after';
  const file = traced ? 'traced.ipynb' : `${kind}.ipynb`;
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 }
  });
  if (kind === 'before') {
    await context.addInitScript(mountAtOnce);
  }
  const page = await context.newPage();
  try {
    await page.goto(`${LAB_URL}/lab?reset&token=${TOKEN}`);
    const item = page.locator('.jp-DirListing-item', { hasText: file });
    await item.waitFor();
    await page.waitForTimeout(2000); // JupyterLab's start-up work settles
    await page.evaluate(watchOpen, { cells: CELLS, traced });
    await item.dblclick();
    await page.waitForFunction(() => window.__bench.t1 !== null, null, {
      timeout: 120000
    });
    const open = await page.evaluate(
      () => window.__bench.t1 - window.__bench.t0
    );
    await page.waitForTimeout(2000); // the kernel starts; the output settle
    const mounted = await page.locator('.jp-MlflowTrace').count();
    const nodes = await page.evaluate(
      () => document.querySelectorAll('*').length
    );
    // Elements of one mounted viewer, and of its tree and detail panes (every
    // output shows the same kind of trace, so the mean is any one of them).
    const perViewer = await page.evaluate(() => {
      const viewers = [...document.querySelectorAll('.jp-MlflowTrace')];
      const mean = selector => {
        let sum = 0;
        for (const viewer of viewers) {
          const part = selector ? viewer.querySelector(selector) : viewer;
          sum += part ? part.querySelectorAll('*').length + 1 : 0;
        }
        return viewers.length ? sum / viewers.length : 0;
      };
      return {
        viewerNodes: mean(null),
        treeNodes: mean('.jp-MlflowTrace-treePane'),
        detailNodes: mean('.jp-MlflowTrace-detailPane')
      };
    });

    // Wheel-scroll to the end, recording every frame.
    const scroller = page.locator(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer'
    );
    const box = await scroller.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const mountedBefore = mounted;
    await page.evaluate(() => {
      // Long tasks while scrolling: what makes the slow frames.
      const tasks = (window.__longTasks = []);
      new PerformanceObserver(list => {
        for (const entry of list.getEntries()) {
          tasks.push(entry.duration);
        }
      }).observe({ type: 'longtask' });
      const frames = (window.__frames = []);
      const tick = t => {
        frames.push(t);
        if (!window.__stopFrames) {
          requestAnimationFrame(tick);
        }
      };
      requestAnimationFrame(tick);
    });
    for (let i = 0; i < 600; i++) {
      await page.mouse.wheel(0, WHEEL_STEP);
      await page.waitForTimeout(16);
      const atEnd = await scroller.evaluate(
        el => el.scrollTop + el.clientHeight >= el.scrollHeight - 2
      );
      if (atEnd) {
        break;
      }
    }
    await page.waitForTimeout(300);
    const { frames, longTasks } = await page.evaluate(() => {
      window.__stopFrames = true;
      return { frames: window.__frames, longTasks: window.__longTasks };
    });
    const intervals = frames.slice(1).map((t, i) => t - frames[i]);
    const mountedWhileScrolling =
      (await page.locator('.jp-MlflowTrace').count()) - mountedBefore;
    return {
      open,
      p95: percentile(intervals, 0.95),
      mounted,
      mountedWhileScrolling,
      nodes,
      ...perViewer,
      longTasks: longTasks.length,
      longestTask: longTasks.length ? Math.max(...longTasks) : 0
    };
  } finally {
    await context.close();
    await shutDownKernels(LAB_URL, TOKEN);
  }
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const results = {};
try {
  // One untimed open first: the server's and browser's first-time work (the
  // kernel spec, the first contents read) would land on the first kind only.
  await measure(browser, KINDS[0]);
  for (let run = 0; run < RUNS; run++) {
    // Interleaved, so each kind sees the same machine load.
    for (const kind of KINDS) {
      const r = await measure(browser, kind);
      results[kind] ??= {};
      for (const [key, value] of Object.entries(r)) {
        (results[kind][key] ??= []).push(value);
      }
      process.stderr.write(`${kind} run ${run + 1}: ${JSON.stringify(r)}\n`);
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results));
