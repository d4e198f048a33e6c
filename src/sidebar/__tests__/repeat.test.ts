// @vitest-environment jsdom
/**
 * Looking again on Poll: delays with backoff, the attempts limit, an early
 * end, and standing by while the browser tab is hidden.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

import { Repeat } from '../query/repeat';

afterEach(() => {
  vi.useRealTimers();
});

function setHidden(hidden: boolean): void {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => (hidden ? 'hidden' : 'visible')
  });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('Repeat', () => {
  it('looks at once, then after growing delays within bounds, `attempts` times', async () => {
    vi.useFakeTimers();
    const times: number[] = [];
    const onEnd = vi.fn();
    new Repeat({
      step: async () => {
        times.push(Date.now());
        return false;
      },
      immediate: true,
      interval: 100,
      backoff: 2,
      max: 400,
      attempts: 4,
      onEnd
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(times).toHaveLength(5);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps[0]).toBe(100);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(100);
      expect(gap).toBeLessThanOrEqual(400);
    }
    expect(onEnd).toHaveBeenCalledExactlyOnceWith(false);
  });

  it('ends as soon as the step is done', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const onEnd = vi.fn();
    const repeat = new Repeat({
      step: async () => ++calls === 2,
      interval: 100,
      backoff: false,
      attempts: 10,
      onEnd
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toBe(2);
    expect(onEnd).toHaveBeenCalledExactlyOnceWith(true);
    expect(repeat.isDisposed).toBe(true);
  });

  it('a failing step counts as not done', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const onEnd = vi.fn();
    new Repeat({
      step: async () => {
        calls++;
        throw new Error('connection refused');
      },
      interval: 100,
      backoff: false,
      attempts: 3,
      onEnd
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toBe(3);
    expect(onEnd).toHaveBeenCalledExactlyOnceWith(false);
  });

  it('stands by while the browser tab is hidden, and goes on when shown', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const repeat = new Repeat({
      step: async () => {
        calls++;
        return false;
      },
      interval: 100,
      backoff: false,
      attempts: 100
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(1);
    setHidden(true);
    // Poll lingers one tick before it stands by.
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toBe(2);
    setHidden(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(3);
    repeat.dispose();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(3);
  });
});
