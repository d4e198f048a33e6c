/**
 * When an output comes near the user's view. JupyterLab's notebook scrolls in
 * its own panel (`.jp-WindowedPanel-outer`), which clips its content: an
 * observer of the page's viewport cannot see "a screen below the fold" there
 * (a rootMargin widens only the viewport, and Chromium's scrollMargin did not
 * widen the panel's clip when measured), so an output just below the fold of
 * the panel never counted as near. Two observers decide:
 * - the page's viewport, no margin: whatever is in view counts at once, at
 *   open and without any scroll, wherever the output is (a panel, a sidebar,
 *   a detached host attached later);
 * - the scrolling panel as root, a screen above and below: outputs about to
 *   be scrolled to count before they are in view. It watches the output's
 *   cell, not the output: JupyterLab gives cells `content-visibility: auto`,
 *   and the browser reports nothing inside a skipped cell as intersecting,
 *   so an output in a cell below the fold would count only once in view.
 */

/** The rootMargin of the panel's observer: one screen of the panel each way. */
export const NEAR_MARGIN = '100% 0px';

/** The notebook's scrolling panel, else the nearest scrolling ancestor, else null. */
export function scrollRoot(el: Element): Element | null {
  const panel = el.closest('.jp-WindowedPanel-outer');
  if (panel) {
    return panel;
  }
  for (let p = el.parentElement; p; p = p.parentElement) {
    if (p === document.body || p === document.documentElement) {
      return null;
    }
    const overflow = getComputedStyle(p).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') {
      return p;
    }
  }
  return null;
}

/**
 * Call `onNear` once `el` is in view (`inView` true) or within a screen of it
 * (false); returns a stop function (no call after it). Without
 * IntersectionObserver, at once, as in view.
 */
export function whenNearViewport(
  el: Element,
  onNear: (inView: boolean) => void
): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    onNear(true);
    return () => undefined;
  }
  let done = false;
  let panelObserver: IntersectionObserver | null = null;
  let frame = 0;
  const stop = () => {
    done = true;
    cancelAnimationFrame(frame);
    inView.disconnect();
    panelObserver?.disconnect();
  };
  /**
   * Watch from the panel once the element is in the page. JupyterLab renders
   * cells (and their outputs) before attaching them, and the viewport's
   * observer says nothing more when a detached output is attached out of
   * view, so this checks every frame until it is attached.
   */
  const watchPanel = () => {
    if (done || panelObserver) {
      return;
    }
    if (!el.isConnected) {
      frame = requestAnimationFrame(watchPanel);
      return;
    }
    const root = scrollRoot(el);
    if (root) {
      panelObserver = new IntersectionObserver(onEntries, {
        root,
        rootMargin: NEAR_MARGIN
      });
      panelObserver.observe(el.closest('.jp-Cell') ?? el);
    }
  };
  function onEntries(
    entries: IntersectionObserverEntry[],
    observer: IntersectionObserver
  ): void {
    if (done) {
      return;
    }
    if (entries.some(entry => entry.isIntersecting)) {
      stop();
      onNear(observer === inView);
    } else {
      watchPanel();
    }
  }
  const inView = new IntersectionObserver(onEntries);
  inView.observe(el);
  watchPanel();
  return stop;
}
