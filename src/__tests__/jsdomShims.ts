/**
 * What jsdom lacks and JupyterLab's widgets need to load: DragEvent
 * (@lumino/dragdrop, under @lumino/widgets), requestIdleCallback and
 * matchMedia (@jupyterlab/ui-components), IntersectionObserver and
 * ResizeObserver (@jupyterlab/notebook extends them at load). Import it
 * before any of them.
 */
import './widgetShims';

const g = globalThis as any;
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
