/**
 * Large outputs built in slices: the renderer's parse defers outputs over
 * SLICED_ABOVE_SPANS spans, and `useBuiltResult` builds them after the mount
 * a few milliseconds at a time, so the browser draws and takes input between.
 */
import React, { useEffect, useState } from 'react';

import { parseMimeBundle, parseMimeBundleAsync, ParseResult } from '../model';

/**
 * Outputs of more spans than this are built in slices of a few milliseconds
 * (the browser draws and takes input in between) while a progress line
 * shows; smaller ones at once, which is quicker for them.
 */
export const SLICED_ABOVE_SPANS = 2000;

/**
 * The renderer's parse of an output: built now, or `deferred` when it is
 * large (TraceOutput then builds it in slices).
 */
export function parseOutputBundle(data: Record<string, unknown>): ParseResult {
  return parseMimeBundle(data, { deferAboveSpans: SLICED_ABOVE_SPANS });
}

/**
 * A browser task boundary: `scheduler.yield()` where the browser has it (the
 * parse resumes before other queued work), else a message (no timer clamp).
 */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as any).scheduler;
  if (typeof scheduler?.yield === 'function') {
    return scheduler.yield();
  }
  return new Promise(resolve => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** The output's result, a `deferred` one built in slices after the mount. */
export function useBuiltResult(
  result: ParseResult,
  data: Record<string, unknown>
): ParseResult {
  const [built, setBuilt] = useState<{
    from: ParseResult;
    result: ParseResult;
  } | null>(null);
  useEffect(() => {
    if (result.kind !== 'deferred') {
      return;
    }
    const controller = new AbortController();
    parseMimeBundleAsync(data, {
      yieldFn: nextTask,
      now: () => performance.now(),
      signal: controller.signal
    }).then(
      parsed =>
        // A transition: React may draw the viewer in slices too.
        React.startTransition(() => setBuilt({ from: result, result: parsed })),
      () => undefined // aborted: the output went away or changed
    );
    return () => controller.abort();
  }, [result, data]);
  return built?.from === result ? built.result : result;
}
