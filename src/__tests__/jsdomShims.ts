/**
 * What jsdom lacks and JupyterLab's widgets need to load: DragEvent
 * (@lumino/dragdrop, under @lumino/widgets), requestIdleCallback and
 * matchMedia (@jupyterlab/ui-components). Import it before any of them.
 */
const g = globalThis as any;
g.DragEvent ??= class DragEvent extends MouseEvent {};
g.requestIdleCallback ??= (fn: () => void) => setTimeout(fn, 0);
g.matchMedia ??= () => ({
  matches: false,
  addListener: () => undefined,
  removeListener: () => undefined,
  addEventListener: () => undefined,
  removeEventListener: () => undefined
});
