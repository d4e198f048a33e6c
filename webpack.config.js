/**
 * Extra bundler rules for the labextension (package.json "jupyterlab.webpackConfig").
 *
 * The kernel hook's Python files are bundled as text (`import source from
 * '…/kernel_hook/envelope.py?raw'`), into the lazy chunk of
 * src/notebookDisplay/hookFiles.ts: the frontend sends the `kernel_hook` package's
 * sources to each Python kernel, so the kernel needs no copy of this package.
 * Vitest reads `?raw` the same way (Vite's own rule).
 */
module.exports = {
  module: {
    rules: [{ test: /\.py$/, resourceQuery: /raw/, type: 'asset/source' }]
  }
};
