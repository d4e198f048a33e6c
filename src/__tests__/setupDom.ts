/**
 * Vitest setup: jsdom test files get what @jupyterlab/ui-components needs
 * to load (widgetShims), before any test module imports the viewer (its
 * toolbar uses ui-components). Node-environment files need none.
 */
if (typeof window !== 'undefined') {
  await import('./widgetShims');
  // waitFor/findBy wait for something to happen; they don't time it. Their
  // default 1 s ran out for a lazy chunk's first import at load average 15
  // (a full run on 2 cores beside other work). They still resolve as soon as
  // the condition holds.
  const { configure } = await import('@testing-library/react');
  configure({ asyncUtilTimeout: 15000 });
}
