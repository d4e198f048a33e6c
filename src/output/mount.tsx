/**
 * Entry point of the lazily loaded viewer chunk: React, d3 and the views load
 * only when the first trace output appears.
 */
import React from 'react';
import { createRoot } from 'react-dom/client';

import { ITraceOutputProps, TraceOutput } from './TraceOutput';

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
