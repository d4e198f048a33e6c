/**
 * What jsdom lacks and @jupyterlab/ui-components needs to load: DragEvent
 * (@lumino/dragdrop, under @lumino/widgets), requestIdleCallback and
 * matchMedia. No observers: views that watch visibility keep jsdom's
 * "no IntersectionObserver" path (jsdomShims adds inert ones for
 * @jupyterlab/notebook).
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
