/**
 * Galata configuration: real JupyterLab (with this package installed), a real
 * MLflow tracking server started by run.sh, and Debian's Chromium.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

const LAB_PORT = process.env.LAB_PORT || '8888';

module.exports = {
  ...baseConfig,
  // One worker: the machine has two cores, JupyterLab and MLflow use the rest.
  workers: 1,
  retries: 0,
  timeout: 120000,
  expect: { timeout: 30000 },
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
  webServer: {
    command: 'npm start',
    url: `http://127.0.0.1:${LAB_PORT}/lab`,
    timeout: 180000,
    reuseExistingServer: false
  }
};
