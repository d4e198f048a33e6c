/**
 * Galata configuration: real JupyterLab (with this package installed), a real
 * MLflow tracking server started by run.sh, and Debian's Chromium.
 *
 * Two JupyterLab servers run from the same configuration:
 * - the main one at the root URL, for every spec but base-url.spec.ts (its
 *   Notebook 7 pages, /tree and /notebooks/, serve notebook7.spec.ts);
 * - one under a JupyterHub-like base_url (/user/alice/), for base-url.spec.ts
 *   only: one small spec there checks every request, link and asset of the
 *   extension, at the cost of one more idle server rather than a second run.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

const LAB_PORT = process.env.LAB_PORT || '8888';
const BASE_URL_LAB_PORT = process.env.BASE_URL_LAB_PORT || '8889';
const BASE_URL = process.env.LAB_BASE_URL || '/user/alice/';

module.exports = {
  ...baseConfig,
  // One worker: the machine has two cores, JupyterLab and MLflow use the rest.
  workers: 1,
  retries: 0,
  timeout: 120000,
  expect: {
    timeout: 30000,
    // visual.spec.ts: still pictures, no blinking caret, and a tight colour
    // threshold. Playwright's default (0.2, grey steps up to ~53 of 255) let a
    // border turn from --jp-border-color2 to --jp-border-color1 (35 steps)
    // pass unnoticed; 0 failed on one pixel of a select's caret, antialiased
    // one step apart in two runs. 0.05 allows up to ~13 steps.
    toHaveScreenshot: {
      animations: 'disabled',
      caret: 'hide',
      scale: 'css',
      threshold: 0.05
    }
  },
  // References are committed beside the spec (tests/<spec>-snapshots/), one
  // set for Linux's fonts: the platform is part of the name.
  snapshotPathTemplate:
    '{testDir}/{testFileDir}/{testFileName}-snapshots/{arg}-{platform}{ext}',
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    ...baseConfig.use,
    baseURL: `http://127.0.0.1:${LAB_PORT}`,
    viewport: { width: 1400, height: 900 },
    trace: 'retain-on-failure',
    // Video needs Playwright's own ffmpeg download, which this machine cannot fetch.
    video: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync'
      ]
    }
  },
  projects: [
    {
      name: 'jupyterlab',
      testIgnore: /base-url\.spec\.ts/
    },
    {
      name: 'base-url',
      testMatch: /base-url\.spec\.ts/,
      use: {
        // Galata joins its paths to this (no trailing slash: it appends "/lab").
        baseURL: `http://127.0.0.1:${BASE_URL_LAB_PORT}${BASE_URL.replace(/\/$/, '')}`
      }
    }
  ],
  webServer: [
    {
      command: 'npm start',
      url: `http://127.0.0.1:${LAB_PORT}/lab`,
      env: { LAB_PORT, LAB_BASE_URL: '/' },
      timeout: 180000,
      reuseExistingServer: false
    },
    {
      command: 'npm start',
      url: `http://127.0.0.1:${BASE_URL_LAB_PORT}${BASE_URL}lab`,
      env: { LAB_PORT: BASE_URL_LAB_PORT, LAB_BASE_URL: BASE_URL },
      timeout: 180000,
      reuseExistingServer: false
    }
  ]
};
