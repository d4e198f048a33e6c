/**
 * Vitest setup: jsdom test files get what @jupyterlab/ui-components needs
 * to load (widgetShims), before any test module imports the viewer (its
 * toolbar uses ui-components). Node-environment files need none.
 */
if (typeof window !== 'undefined') {
  await import('./widgetShims');
}
