/**
 * Root of the lazily loaded viewer chunk, reached only through
 * `loadViewer()` (viewerLoader.ts): the viewer and its views load when the
 * first trace output appears or the first trace tab opens.
 */
import React from 'react';
import { createRoot } from 'react-dom/client';

import { ITraceOutputProps, TraceOutput } from './TraceOutput';
// The viewer's styles come with its code, not in JupyterLab's start-up CSS.
import '../../style/viewer.css';
import '../../style/chat.css';
import '../../style/summary.css';

/** The full parse (builds traces), for the renderer once the viewer is here. */
export { parseMimeBundle } from '../model/bundle';
/** Trace markdown, rendered inert (markdown/render.ts); only viewers show it. */
export { renderInertMarkdown } from '../markdown/render';
/** For trace tabs: the same viewer, and fetching traces by id. */
export { TraceViewer } from '../components/TraceViewer';
export { fetchReferencedTraces } from './fetchTraces';
export { mlflowTraceUrl } from '../components/state/format';

export interface IMountedTraceOutput {
  /** Render again with some props replaced (new settings); state is kept. */
  update(changes: Partial<ITraceOutputProps>): void;
  unmount(): void;
}

/** Render into `host`. */
export function mountTraceOutput(
  host: HTMLElement,
  props: ITraceOutputProps
): IMountedTraceOutput {
  const root = createRoot(host);
  let current = props;
  root.render(<TraceOutput {...current} />);
  return {
    update(changes) {
      current = { ...current, ...changes };
      root.render(<TraceOutput {...current} />);
    },
    unmount() {
      root.unmount();
    }
  };
}
