/**
 * Entry point of the lazily loaded viewer chunk: React, d3 and the views load
 * only when the first trace output appears.
 */
import React from 'react';
import { createRoot } from 'react-dom/client';

import { ITraceOutputProps, TraceOutput } from './TraceOutput';

/** Render into `host`; returns the unmount function. */
export function mountTraceOutput(
  host: HTMLElement,
  props: ITraceOutputProps
): () => void {
  const root = createRoot(host);
  root.render(<TraceOutput {...props} />);
  return () => root.unmount();
}
