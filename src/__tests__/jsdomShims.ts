/**
 * What jsdom lacks and JupyterLab's widgets need to load: DragEvent
 * (@lumino/dragdrop, under @lumino/widgets), requestIdleCallback and
 * matchMedia (@jupyterlab/ui-components), IntersectionObserver and
 * ResizeObserver (@jupyterlab/notebook extends them at load). Import it
 * before any of them.
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
/** Observes nothing: enough for modules that extend the class at load. */
class InertObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
  takeRecords(): [] {
    return [];
  }
}
g.IntersectionObserver ??= InertObserver;
g.ResizeObserver ??= InertObserver;
