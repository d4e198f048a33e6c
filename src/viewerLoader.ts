/**
 * The one door to the viewer's code (vega5-extension's `ensureVega` pattern).
 * The viewer, its React views, the chat and JSON views live in a chunk of
 * their own, fetched the first time a trace output appears or a trace tab
 * opens; JupyterLab's start-up pays only for the plugins, the renderer
 * factories, the sidebar shell and the switch. Every entry point loads viewer
 * code through `loadViewer()`; `npm run check:bundle` fails the build when
 * viewer code reaches the start-up chunks.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';

export type ViewerModule = typeof import('./output/mount');

let viewer: Promise<ViewerModule> | null = null;

export type TraceFilesModule = typeof import('./traceFile/lazy');

let traceFiles: Promise<TraceFilesModule> | null = null;

export type CompareModule = typeof import('./compare/lazy');

let compare: Promise<CompareModule> | null = null;

/** The viewer module, fetched once; after a failed fetch the next call tries again. */
export function loadViewer(): Promise<ViewerModule> {
  if (!viewer) {
    viewer = import('./output/mount');
    viewer.catch(() => (viewer = null));
  }
  return viewer;
}

/** Trace files' content widget and export, fetched once (they use the viewer). */
export function loadTraceFiles(): Promise<TraceFilesModule> {
  if (!traceFiles) {
    traceFiles = import('./traceFile/lazy');
    traceFiles.catch(() => (traceFiles = null));
  }
  return traceFiles;
}

/** Trace comparison: matching, views, picker and tab, fetched once. */
export function loadCompare(): Promise<CompareModule> {
  if (!compare) {
    compare = import('./compare/lazy');
    compare.catch(() => (compare = null));
  }
  return compare;
}

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
