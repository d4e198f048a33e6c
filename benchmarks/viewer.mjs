/**
 * Browser half of viewer.py: Debian's Chromium through Playwright against the
 * JupyterLab and MLflow server that script started. Reads PLAN (JSON) from the
 * environment, prints JSON results: per plan entry, a list of per-run records.
 *
 * PLAN entries: {id, file, kind: "compare" | "scale", replaceMlflowIframe}
 * "compare": open → tree visible, → a span's detail after a click, attached →
 *   visible, network bytes cold (fresh context) and warm (same context, lab
 *   reloaded), JS heap added (CDP, page + out-of-process frames, after GC),
 *   longest task (PerformanceObserver 'longtask' in every frame).
 * "scale": attached → visible, longest task after attach, DOM nodes of the
 *   output, heap added, p95 frame while wheel-scrolling the tree, expand all
 *   and search times.
 * PROFILE_DIR (opt-in, environment): for "scale", a CDP CPU profile from the
 *   double click to 1 s after visible, written as <id>-<run>.cpuprofile with
 *   <id>-<run>.json: for attach → visible and each long task after the attach,
 *   the self time by script and by function (lib/profile.mjs).
 */
/* global URL, window, document, performance, requestAnimationFrame, setTimeout,
   MutationObserver, PerformanceObserver, location, Event */
import fs from 'node:fs';
import path from 'node:path';
import {
  heapBytes,
  launch,
  percentile,
  shutDownKernels
} from './lib/browser.mjs';
import { anchorInPage, summarizeProfile } from './lib/profile.mjs';

const LAB_URL = process.env.LAB_URL;
const TOKEN = process.env.LAB_TOKEN;
const RUNS = Number(process.env.RUNS ?? 3);
const PLAN = JSON.parse(process.env.PLAN);
const SETTINGS_FILE = process.env.SETTINGS_FILE;
const WARM = process.env.WARM !== '0';
const PROFILE_DIR = process.env.PROFILE_DIR;
const RENDERER = 'notebook-trace-renderer';
const OURS_ROW = '.jp-MlflowTrace [role="treeitem"]';
const MLFLOW_ROW = '[data-testid^="timeline-tree-node-"]';

/** In every frame from its start: long tasks, and (in MLflow's renderer) when its tree shows. */
function instrument({ renderer, oursRow, mlflowRow }) {
  const bench = (window.__bench = {
    longTasks: [],
    attachedAt: null,
    visibleAt: null,
    detailAt: null,
    t0: null
  });
  const now = () => performance.timeOrigin + performance.now();
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) {
        bench.longTasks.push([
          performance.timeOrigin + e.startTime,
          e.duration
        ]);
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no longtask support
  }
  const inRenderer = location.href.includes(renderer);
  const rowSelector = inRenderer ? mlflowRow : oursRow;
  const shown = el => {
    const r = el?.getBoundingClientRect();
    return !!r && r.width > 0 && r.height > 0;
  };
  bench.watchTree = () => {
    const poll = () => {
      if (shown(document.querySelector(rowSelector))) {
        bench.visibleAt = now();
      } else {
        requestAnimationFrame(poll);
      }
    };
    requestAnimationFrame(poll);
  };
  bench.watchDetail = (scope, has, hasNot) => {
    const poll = () => {
      const el = document.querySelector(scope);
      const text = el ? el.innerText : '';
      if (text.includes(has) && !text.includes(hasNot)) {
        bench.detailAt = now();
      } else {
        requestAnimationFrame(poll);
      }
    };
    requestAnimationFrame(poll);
  };
  // The main frame arms itself before the double click (bench.arm).
  bench.arm = () => {
    window.addEventListener(
      'dblclick',
      () => {
        bench.t0 ??= now();
      },
      true
    );
    new MutationObserver((records, observer) => {
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (
            n.nodeType === 1 &&
            (n.matches('.jp-NotebookPanel .jp-OutputArea-output') ||
              n.querySelector?.('.jp-OutputArea-output'))
          ) {
            bench.attachedAt ??= now();
            observer.disconnect();
            return;
          }
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
    bench.watchTree();
  };
  if (inRenderer) {
    bench.watchTree();
  }
}

function writeSettings(replaceMlflowIframe) {
  fs.mkdirSync(path.dirname(SETTINGS_FILE), { recursive: true });
  fs.writeFileSync(SETTINGS_FILE, JSON.stringify({ replaceMlflowIframe }));
}

async function sleep(ms) {
  await new Promise(r => setTimeout(r, ms));
}

/** The frame that draws the tree: MLflow's renderer iframe, or the page. */
async function treeFrame(page, iframe, timeout = 180000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const frame = iframe
      ? page.frames().find(f => f.url().includes(RENDERER))
      : page.mainFrame();
    if (frame) {
      const at = await frame
        .evaluate(() => window.__bench?.visibleAt)
        .catch(() => null);
      if (at) {
        return { frame, visibleAt: at };
      }
    }
    await sleep(25);
  }
  throw new Error(`tree not visible within ${timeout} ms`);
}

/** What a request is for, to say where the bytes go. */
function part(url) {
  const u = new URL(url);
  if (u.origin !== new URL(LAB_URL).origin) {
    return 'MLflow server';
  }
  if (u.pathname.startsWith('/api/contents/')) {
    return 'notebook file';
  }
  if (u.pathname.startsWith('/lab/extensions/jupyterlab-mlflow-traces/')) {
    return "this extension's code";
  }
  if (u.pathname.startsWith('/jupyterlab-mlflow-traces/')) {
    return 'server extension (trace, hook source)';
  }
  return 'JupyterLab';
}

/** Network bytes (CDP, encoded: what went over the wire) of requests sent while counting. */
async function countBytes(context, page) {
  const session = await context.newCDPSession(page);
  await session.send('Network.enable');
  const state = { counting: false, ids: new Map(), bytes: 0, parts: {} };
  session.on('Network.requestWillBeSent', e => {
    if (state.counting) {
      state.ids.set(e.requestId, part(e.request.url));
    }
  });
  session.on('Network.loadingFinished', e => {
    const where = state.ids.get(e.requestId);
    if (where) {
      state.bytes += e.encodedDataLength;
      state.parts[where] = (state.parts[where] ?? 0) + e.encodedDataLength;
    }
  });
  return state;
}

async function openLab(page, file) {
  await page.goto(`${LAB_URL}/lab?reset&token=${TOKEN}`);
  const item = page.locator('.jp-DirListing-item', { hasText: file }).first();
  await item.waitFor({ timeout: 120000 });
  await sleep(1500); // JupyterLab's start-up work settles
  return item;
}

/**
 * The longest task in [from, to]: any that overlaps it, or with
 * `startedFrom` only those that start in it (not the one running at `from`).
 */
async function longestTask(page, from, to, startedFrom = false) {
  let longest = 0;
  for (const frame of page.frames()) {
    const tasks = await frame
      .evaluate(() => window.__bench?.longTasks ?? [])
      .catch(() => []);
    for (const [at, d] of tasks) {
      if ((startedFrom ? at >= from : at + d >= from) && at <= to) {
        longest = Math.max(longest, d);
      }
    }
  }
  return longest;
}

async function openAndWait(page, item, iframe) {
  await page.evaluate(() => window.__bench.arm());
  await item.dblclick();
  const { frame, visibleAt } = await treeFrame(page, iframe);
  const { t0, attachedAt } = await page.evaluate(() => window.__bench);
  return { frame, visibleAt, t0, attachedAt };
}

/** A new context (cold cache), instrumented, with the setting the page will read. */
async function freshContext(browser, replaceMlflowIframe) {
  writeSettings(replaceMlflowIframe);
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 }
  });
  await context.addInitScript(instrument, {
    renderer: RENDERER,
    oursRow: OURS_ROW,
    mlflowRow: MLFLOW_ROW
  });
  return context;
}

async function measureCompare(browser, entry) {
  const iframe = !entry.replaceMlflowIframe;
  const context = await freshContext(browser, entry.replaceMlflowIframe);
  try {
    const page = await context.newPage();
    const net = await countBytes(context, page);
    let item = await openLab(page, entry.file);
    const heapBefore = await heapBytes(context, page);
    net.counting = true;
    const { frame, visibleAt, t0, attachedAt } = await openAndWait(
      page,
      item,
      iframe
    );
    // Clickable: a click on the third child span shows its own detail.
    await frame.evaluate(
      ([scope]) =>
        window.__bench.watchDetail(
          scope,
          'result of step 2',
          'result of step 0'
        ),
      [iframe ? 'body' : '.jp-MlflowTrace-detailPane']
    );
    await frame
      .locator(iframe ? MLFLOW_ROW : OURS_ROW)
      .nth(3)
      .click({ timeout: 300000 }); // MLflow's renderer can hold the main thread for long at 1,000 spans
    let detailAt = null;
    for (let i = 0; i < 12000 && !detailAt; i++) {
      detailAt = await frame.evaluate(() => window.__bench.detailAt);
      if (!detailAt) {
        await sleep(25);
      }
    }
    if (!detailAt) {
      throw new Error(`${entry.id}: the clicked span's detail did not show`);
    }
    await sleep(1000);
    const longest = await longestTask(page, t0, detailAt + 1000);
    const cold = net.bytes;
    const coldParts = Object.fromEntries(
      Object.entries(net.parts).map(([k, v]) => [k, Math.round(v / 1000)])
    );
    const heapAfter = await heapBytes(context, page);
    // Warm: the same browser cache, JupyterLab reloaded, the notebook opened again.
    net.counting = false;
    let warm = null;
    if (WARM) {
      await shutDownKernels(LAB_URL, TOKEN);
      item = await openLab(page, entry.file);
      net.ids.clear();
      net.bytes = 0;
      net.counting = true;
      await openAndWait(page, item, iframe);
      await sleep(1000);
      warm = net.bytes;
    }
    return {
      openVisible: visibleAt - t0,
      openClickable: detailAt - t0,
      attachedVisible: visibleAt - attachedAt,
      coldKB: cold / 1000,
      warmKB: warm === null ? null : warm / 1000,
      coldParts,
      heapMB: (heapAfter.bytes - heapBefore.bytes) / 1e6,
      oopif: heapAfter.oopif,
      longestTask: longest
    };
  } finally {
    await context.close();
    await shutDownKernels(LAB_URL, TOKEN);
  }
}

/** Time from fn() in the page to the frame after cond() first holds. */
function timeInPage({ action, query }) {
  const start = performance.now();
  const root = document.querySelector('.jp-MlflowTrace');
  if (action === 'expand') {
    root.querySelector('[aria-label="Expand all"]').click();
  } else {
    const input = root.querySelector('input[aria-label="Search spans"]');
    const set = Object.getOwnPropertyDescriptor(
      window.HTMLInputElement.prototype,
      'value'
    ).set;
    set.call(input, query);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  return new Promise(resolve => {
    const check = () => {
      const done =
        action === 'expand' || root.querySelector('.jp-mod-currentMatch');
      if (done) {
        // After the frame is painted.
        requestAnimationFrame(() =>
          setTimeout(() => resolve(performance.now() - start), 0)
        );
      } else {
        requestAnimationFrame(check);
      }
    };
    check();
  });
}

/**
 * A CPU profile of the page, started now; `stop(name, windows)` writes it and
 * where the time went in each window of page time (lib/profile.mjs).
 */
async function startProfile(context, page) {
  const session = await context.newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  await session.send('Profiler.start');
  const anchorAt = await page.evaluate(anchorInPage);
  return async (name, windows) => {
    const { profile } = await session.send('Profiler.stop');
    await session.detach();
    fs.mkdirSync(PROFILE_DIR, { recursive: true });
    fs.writeFileSync(
      path.join(PROFILE_DIR, `${name}.cpuprofile`),
      JSON.stringify(profile)
    );
    fs.writeFileSync(
      path.join(PROFILE_DIR, `${name}.json`),
      JSON.stringify(summarizeProfile(profile, anchorAt, windows), null, 1)
    );
  };
}

/** The long tasks in [from, to] of the page's main frame, as [start, end]. */
async function longTasksIn(page, from, to) {
  const tasks = await page.evaluate(() => window.__bench.longTasks);
  return tasks
    .filter(([at, d]) => at + d >= from && at <= to)
    .map(([at, d]) => [at, at + d]);
}

async function measureScale(browser, entry, run) {
  const context = await freshContext(browser, true);
  try {
    const page = await context.newPage();
    const item = await openLab(page, entry.file);
    const heapBefore = await heapBytes(context, page);
    const stopProfile = PROFILE_DIR ? await startProfile(context, page) : null;
    const { visibleAt, attachedAt } = await openAndWait(page, item, false);
    await sleep(1000);
    if (stopProfile) {
      const windows = { 'attached → visible': [attachedAt, visibleAt] };
      for (const [from, to] of await longTasksIn(
        page,
        attachedAt,
        visibleAt + 1000
      )) {
        const at = Math.round(from - attachedAt);
        windows[`long task at attached ${at >= 0 ? '+' : ''}${at} ms`] = [
          from,
          to
        ];
      }
      await stopProfile(`${entry.id}-${run + 1}`, windows);
    }
    // The task that attaches the output is JupyterLab's load of the notebook;
    // the target is about the tasks after it, once the output exists.
    const longest = await longestTask(page, attachedAt, visibleAt + 1000, true);
    const attachTask = await longestTask(page, attachedAt, attachedAt);
    const heapAfter = await heapBytes(context, page);
    // Elements of the span tree, and of the whole output (header, detail pane).
    const domNodes = () =>
      page.evaluate(() => {
        const viewer = document.querySelector('.jp-MlflowTrace');
        return {
          tree: viewer
            .querySelector('.jp-MlflowTrace-treeScroll')
            .querySelectorAll('*').length,
          output: viewer.closest('.jp-OutputArea-output').querySelectorAll('*')
            .length
        };
      });
    const nodesOpen = await domNodes();
    const rows = await page.locator(OURS_ROW).count();
    // Wheel-scroll the tree, recording every frame.
    const scroller = page.locator('.jp-MlflowTrace-treeScroll').first();
    const box = await scroller.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.evaluate(() => {
      const frames = (window.__frames = []);
      const tick = t => {
        frames.push(t);
        if (!window.__stopFrames) {
          requestAnimationFrame(tick);
        }
      };
      requestAnimationFrame(tick);
    });
    for (let i = 0; i < 80; i++) {
      await page.mouse.wheel(0, 240);
      await sleep(16);
    }
    await sleep(300);
    const frames = await page.evaluate(() => {
      window.__stopFrames = true;
      return window.__frames;
    });
    const intervals = frames.slice(1).map((t, i) => t - frames[i]);
    const nodesScrolled = await domNodes();
    await page.locator('.jp-MlflowTrace [aria-label="Collapse all"]').click();
    await sleep(500);
    const expandAll = await page.evaluate(timeInPage, { action: 'expand' });
    await sleep(500);
    const search = await page.evaluate(timeInPage, {
      action: 'search',
      query: 'step'
    });
    return {
      attachedVisible: visibleAt - attachedAt,
      longestTask: longest,
      attachTask,
      heapMB: (heapAfter.bytes - heapBefore.bytes) / 1e6,
      treeNodes: nodesOpen.tree,
      treeNodesScrolled: nodesScrolled.tree,
      outputNodes: nodesOpen.output,
      rowsInDom: rows,
      p95Frame: percentile(intervals, 0.95),
      expandAll,
      search
    };
  } finally {
    await context.close();
    await shutDownKernels(LAB_URL, TOKEN);
  }
}

const browser = await launch();
const version = browser.version();
const results = {};
try {
  for (let run = 0; run < RUNS; run++) {
    // Interleaved: each variant sees the same machine load.
    for (const entry of PLAN) {
      const r =
        entry.kind === 'scale'
          ? await measureScale(browser, entry, run)
          : await measureCompare(browser, entry);
      (results[entry.id] ??= []).push(r);
      process.stderr.write(
        `${entry.id} run ${run + 1}: ${JSON.stringify(r)}\n`
      );
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify({ results, version }));
