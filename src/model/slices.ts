/**
 * Work in steps, so one parse serves both callers: `finish` runs the steps
 * at once (small traces, tests, other entry points) and `finishInSlices` runs
 * them in slices of a few milliseconds that give the browser back its main
 * thread in between (a 50,000-span trace in a notebook output). The model
 * stays DOM-free: the caller injects how to yield.
 *
 * A step function is a generator that `yield`s (nothing) now and then inside
 * its long loops (`every(i)` says when) and returns its result.
 */

export type Steps<T> = Generator<void, T, void>;

/** Items between two chances to yield in a long loop (a power of two). */
const ITEMS_PER_STEP = 512;

/** Whether a loop at index `i` should offer to yield. */
export function every(i: number): boolean {
  return (i & (ITEMS_PER_STEP - 1)) === ITEMS_PER_STEP - 1;
}

/** Run every step now and return the result. */
export function finish<T>(steps: Steps<T>): T {
  let step = steps.next();
  while (!step.done) {
    step = steps.next();
  }
  return step.value;
}

export interface ISliceOptions {
  /** Resolves when the caller's environment had its turn (a browser task). */
  yieldFn: () => Promise<void>;
  /** Work time per slice before yielding. */
  sliceMs?: number;
  /** A clock in milliseconds (performance.now in the browser). */
  now?: () => number;
  /** Stop between slices; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** The work time per slice: well under the 50 ms of a browser "long task". */
export const DEFAULT_SLICE_MS = 30;

/** Run the steps in slices of about `sliceMs`, yielding in between. */
export async function finishInSlices<T>(
  steps: Steps<T>,
  options: ISliceOptions
): Promise<T> {
  const now = options.now ?? (() => Date.now());
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  let sliceStart = now();
  let step = steps.next();
  while (!step.done) {
    if (now() - sliceStart >= sliceMs) {
      await options.yieldFn();
      options.signal?.throwIfAborted();
      sliceStart = now();
    }
    step = steps.next();
  }
  return step.value;
}
