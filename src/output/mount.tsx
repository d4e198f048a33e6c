/**
 * Root of the lazily loaded viewer chunk, reached only through
 * `loadViewer()` (viewerLoader.ts): the viewer and its views load when the
 * first trace output appears or the first trace tab opens.
 */
import React from 'react';
import { createRoot, Root } from 'react-dom/client';

import type { ParseResult } from '../model';
import type { IViewerSettings } from '../settings';
import { fittedHeight } from './fittedHeight';
import { whenNearViewport } from './nearViewport';
import { ITraceOutputProps, TraceOutput } from './TraceOutput';
// The viewer's styles come with its code, not in JupyterLab's start-up CSS.
import '../../style/viewer.css';
import '../../style/minimap.css';
import '../../style/chat.css';
import '../../style/summary.css';
import '../../style/placeholder.css';
import '../../style/assessments.css';
import '../../style/attachments.css';
import '../../style/links.css';

/** The full parse (builds traces) at once, for trace files. */
export { parseMimeBundle } from '../model/bundle';
/** The renderer's parse: large outputs are built by TraceOutput, in slices. */
export { parseOutputBundle } from './slicedBuild';
/** Trace markdown, rendered inert (markdown/render.ts); only viewers show it. */
export { renderInertMarkdown } from '../markdown/render';
/** For trace tabs: the same viewer, and fetching traces by id. */
export { TraceViewer } from '../components/TraceViewer';
export { fetchReferencedTraces } from './fetchTraces';
/** For trace tabs: feedback and expectations to the configured server. */
export { logAssessment } from '../assessments/api';
/** For trace tabs: attachment bytes from the configured server. */
export { loadAttachment } from '../attachments/api';
export { mlflowTraceUrl } from '../components/state/format';

/** Set on the host while it is a light placeholder waiting for the viewport. */
export const WAITING_CLASS = 'jp-MlflowTraceOutput-waiting';

/**
 * The height of the light placeholder an output of embedded traces shows
 * until it nears the viewport (the viewer's own first guess), or null for
 * outputs that mount at once: error cards are small, and outputs of trace ids
 * already wait for a click or a bounded fetch.
 */
export function placeholderHeight(
  result: ParseResult,
  settings: Readonly<IViewerSettings>
): number | null {
  return result.kind === 'traces'
    ? fittedHeight(result.traces, settings.viewerHeight)
    : null;
}

export interface IMountedTraceOutput {
  /** Render again with some props replaced (new settings); state is kept. */
  update(changes: Partial<ITraceOutputProps>): void;
  unmount(): void;
}

/**
 * Render into `host`. Embedded traces show a placeholder of the viewer's
 * fitted height until the host is in view or within a screen of it
 * (nearViewport.ts), so a notebook of many traced cells opens and scrolls
 * with only the viewers near the user in the page. A mounted viewer stays
 * mounted: its selection, expanded rows and search are never lost.
 */
export function mountTraceOutput(
  host: HTMLElement,
  props: ITraceOutputProps
): IMountedTraceOutput {
  let current = props;
  let root: Root | null = null;
  const mount = (inView: boolean) => {
    host.classList.remove(WAITING_CLASS);
    host.style.height = '';
    const created = createRoot(host);
    root = created;
    const render = () => created.render(<TraceOutput {...current} />);
    // Not yet in view: React renders it in slices that yield to the browser,
    // so a viewer mounting ahead of a scroll drops no frames.
    if (inView) {
      render();
    } else {
      React.startTransition(render);
    }
  };
  const height = placeholderHeight(props.result, props.settings);
  let stopWaiting: (() => void) | null = null;
  if (height === null) {
    mount(true);
  } else {
    host.classList.add(WAITING_CLASS);
    host.style.height = `${height}px`;
    stopWaiting = whenNearViewport(host, inView => {
      stopWaiting = null;
      mount(inView);
    });
  }
  return {
    update(changes) {
      current = { ...current, ...changes };
      root?.render(<TraceOutput {...current} />);
    },
    unmount() {
      stopWaiting?.();
      stopWaiting = null;
      host.classList.remove(WAITING_CLASS);
      host.style.height = '';
      root?.unmount();
      root = null;
    }
  };
}
