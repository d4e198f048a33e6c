/**
 * Debian's Chromium through Playwright (ui-tests' copy) for the benchmark drivers,
 * with the launch options of ui-tests/playwright.config.js.
 *
 *   import { launch, percentile, shutDownKernels } from './lib/browser.mjs';
 */
/* global URL, fetch */
import { createRequire } from 'module';

const require = createRequire(
  new URL('../../ui-tests/package.json', import.meta.url)
);
export const { chromium } = require('playwright');

/** Chromium with the launch options the Galata tests use. */
export function launch() {
  const config = require('./playwright.config.js');
  return chromium.launch(config.use.launchOptions);
}

/** The value below which a fraction p of the values lie (nearest rank). */
export function percentile(values, p) {
  if (!values.length) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Shut down every kernel of the JupyterLab at labUrl (one per opened notebook). */
export async function shutDownKernels(labUrl, token) {
  const headers = { Authorization: `token ${token}` };
  const kernels = await (await fetch(`${labUrl}/api/kernels`, { headers })).json();
  for (const kernel of kernels) {
    await fetch(`${labUrl}/api/kernels/${kernel.id}`, {
      method: 'DELETE',
      headers
    });
  }
}

/** JupyterLab's JS heap and that of every out-of-process frame, after a GC (CDP). */
export async function heapBytes(context, page) {
  let total = 0;
  let oopif = 0;
  const sessions = [await context.newCDPSession(page)];
  for (const frame of page.frames().slice(1)) {
    try {
      // Only frames in another renderer process have their own target.
      sessions.push(await context.newCDPSession(frame));
      oopif++;
    } catch {
      // Same process as the page: its heap is in the page's figure.
    }
  }
  for (const session of sessions) {
    await session.send('HeapProfiler.enable');
    await session.send('HeapProfiler.collectGarbage');
    await session.send('Performance.enable');
    const { metrics } = await session.send('Performance.getMetrics');
    total += metrics.find(m => m.name === 'JSHeapUsedSize').value;
    await session.detach();
  }
  return { bytes: total, oopif };
}
