import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/__tests__/**/*.test.{ts,tsx}'],
    // jsdom files get the shims JupyterLab's widgets need (the viewer's toolbar).
    setupFiles: ['src/__tests__/setupDom.ts'],
    environment: 'node',
    // Vitest's default is one worker per core minus one: a single worker on
    // 2 cores, which ran the files one after another. The main process mostly
    // waits, so use every core.
    maxWorkers: '100%',
    // @jupyter/web-components (under @jupyterlab/ui-components' toolbar) is
    // ESM with extensionless imports, which Node cannot load: Vite transforms it.
    server: { deps: { inline: [/@jupyter\/web-components/] } },
    // The 5,000-span and 50,000-span cases parse real data; give them room on 2 cores.
    testTimeout: 60000
  },
  esbuild: {
    jsx: 'transform',
    jsxFactory: 'React.createElement',
    jsxFragment: 'React.Fragment'
  }
});
