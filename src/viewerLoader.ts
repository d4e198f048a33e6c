/**
 * The one door to the viewer's code (vega5-extension's `ensureVega` pattern).
 * The viewer, its React views, the chat and JSON views live in a chunk of
 * their own, fetched the first time a trace output appears or a trace tab
 * opens; JupyterLab's start-up pays only for the plugins, the renderer
 * factories, the sidebar shell and the switch. The sidebar's model and lists
 * are a chunk of their own too (`loadSidebar()`). Every entry point loads viewer
 * code through `loadViewer()`; `npm run check:bundle` fails the build when
 * viewer code reaches the start-up chunks.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';

/**
 * A dynamic import fetched once and shared by every caller; after a failed
 * fetch (e.g. the server went away) the next call tries again.
 */
export function cachedImport<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    if (!pending) {
      pending = load();
      pending.catch(() => (pending = null));
    }
    return pending;
  };
}

export type ViewerModule = typeof import('./output/mount');

/** The viewer module: the first trace output or trace tab fetches it. */
export const loadViewer = cachedImport<ViewerModule>(
  () => import('./output/mount')
);

export type TraceFilesModule = typeof import('./traceFile/lazy');

/** Trace files' content widget and export (they use the viewer). */
export const loadTraceFiles = cachedImport<TraceFilesModule>(
  () => import('./traceFile/lazy')
);

export type SidebarModule = typeof import('./sidebar/lazy');

/**
 * The sidebar's model, lists and trace tab view: when the sidebar is first
 * shown, first follows a notebook, or a trace tab opens.
 */
export const loadSidebar = cachedImport<SidebarModule>(
  () => import('./sidebar/lazy')
);

export type CompareModule = typeof import('./compare/lazy');

/** Trace comparison: matching, views, picker and tab. */
export const loadCompare = cachedImport<CompareModule>(
  () => import('./compare/lazy')
);

/**
 * Trace markdown rendered inert (markdown/render.ts) with JupyterLab's parser
 * and sanitizer, for glue that shows a viewer. Only a loaded viewer asks, so
 * the renderer's code is already here.
 */
export function lazyInertMarkdown(rendermime: {
  sanitizer: IRenderMime.ISanitizer;
  markdownParser?: IRenderMime.IMarkdownParser | null;
}): (host: HTMLElement, source: string) => Promise<void> {
  return async (host, source) => {
    const { renderInertMarkdown } = await loadViewer();
    await renderInertMarkdown(host, source, {
      sanitizer: rendermime.sanitizer,
      markdownParser: rendermime.markdownParser ?? null
    });
  };
}
