// @vitest-environment jsdom
/**
 * The timeline minimap of long traces in the real viewer: only above 200
 * spans; its window (a slider) zooms the tree's bars and time axis by
 * keyboard, and Escape or "Reset zoom" shows the whole trace again. jsdom
 * has no canvas: the picture is tested in zoom.test.ts, drags in Galata
 * (ui-tests/tests/minimap.spec.ts).
 */
import React from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { TraceViewer } from '../TraceViewer';
import { MINIMAP_MIN_SPANS } from '../state/zoom';
import { ISpanSpec, makeTrace } from './helpers';

// jsdom has no canvas (it would log "not implemented"): no context, no picture.
beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** A 1 s root with `n - 1` children of 4 ms, one after another. */
function longTrace(n: number) {
  const specs: ISpanSpec[] = [{ name: 'agent', start: 0, duration: 1000 }];
  for (let i = 1; i < n; i++) {
    specs.push({
      name: `step-${i}`,
      parent: 0,
      start: (i - 1) * 4,
      duration: 4
    });
  }
  return makeTrace(specs);
}

const slider = () => screen.getByRole('slider', { name: 'Visible time range' });
const axisLabels = () =>
  [...document.querySelectorAll('.jp-MlflowTrace-axis .tick text')].map(
    t => t.textContent
  );
const barOf = (name: string) => {
  const row = screen
    .getAllByRole('treeitem')
    .find(
      r => r.querySelector('.jp-MlflowTrace-rowLabel')!.textContent === name
    )!;
  return row.querySelector<HTMLElement>('.jp-MlflowTrace-bar');
};

describe('timeline minimap', () => {
  it('is absent up to 200 spans: the tree and its axis are as before', () => {
    render(<TraceViewer traces={[longTrace(MINIMAP_MIN_SPANS)]} />);
    expect(screen.queryByRole('slider')).toBeNull();
    expect(document.querySelector('.jp-MlflowTrace-minimap')).toBeNull();
    expect(axisLabels()[0]).toBe('0');
    expect(barOf('step-1')).not.toBeNull();
  });

  it('shows the whole trace first, its window described in words', () => {
    render(<TraceViewer traces={[longTrace(MINIMAP_MIN_SPANS + 1)]} />);
    expect(slider().getAttribute('aria-valuetext')).toBe(
      '0 – 1.00 s of 1.00 s'
    );
    expect(screen.queryByRole('button', { name: 'Reset zoom' })).toBeNull();
    expect(screen.getByText('drag to zoom to a time range')).toBeTruthy();
  });

  it('Shift+arrows zoom the bars and the axis; spans outside lose their bar', () => {
    render(<TraceViewer traces={[longTrace(250)]} />);
    const before = axisLabels();
    const s = slider();
    s.focus();
    const kept = fireEvent.keyDown(s, { key: 'ArrowLeft', shiftKey: true });
    expect(kept).toBe(false); // the notebook does not see it
    expect(s.getAttribute('aria-valuetext')).toBe('100 ms – 900 ms of 1.00 s');
    expect(axisLabels()).not.toEqual(before);
    expect(axisLabels()[0]).toBe('200ms');
    // step-1 (0-4 ms) is before the range: no bar. The root is clipped to it.
    expect(barOf('step-1')).toBeNull();
    expect(barOf('agent')!.style.left).toBe('0%');
    expect(barOf('agent')!.style.width).toBe('100%');
  });

  it('arrows move the window and stop at the ends', () => {
    render(<TraceViewer traces={[longTrace(250)]} />);
    const s = slider();
    fireEvent.keyDown(s, { key: 'ArrowLeft', shiftKey: true });
    fireEvent.keyDown(s, { key: 'Home' });
    expect(s.getAttribute('aria-valuetext')).toBe('0 – 800 ms of 1.00 s');
    expect(barOf('step-1')).not.toBeNull();
    fireEvent.keyDown(s, { key: 'ArrowRight' });
    expect(s.getAttribute('aria-valuetext')).toBe('200 ms – 1.00 s of 1.00 s');
  });

  it('Escape and "Reset zoom" show the whole trace again', () => {
    render(<TraceViewer traces={[longTrace(250)]} />);
    const whole = axisLabels();
    const s = slider();
    fireEvent.keyDown(s, { key: 'ArrowLeft', shiftKey: true });
    expect(fireEvent.keyDown(s, { key: 'Escape' })).toBe(false);
    expect(axisLabels()).toEqual(whole);
    expect(barOf('step-1')).not.toBeNull();
    fireEvent.keyDown(s, { key: 'ArrowLeft', shiftKey: true });
    fireEvent.click(screen.getByRole('button', { name: 'Reset zoom' }));
    expect(axisLabels()).toEqual(whole);
    expect(s.getAttribute('aria-valuetext')).toBe('0 – 1.00 s of 1.00 s');
  });

  it('leaves Escape and chords to the notebook when there is nothing to reset', () => {
    render(<TraceViewer traces={[longTrace(250)]} />);
    const s = slider();
    expect(fireEvent.keyDown(s, { key: 'Escape' })).toBe(true);
    expect(fireEvent.keyDown(s, { key: 'ArrowLeft', ctrlKey: true })).toBe(
      true
    );
    expect(s.getAttribute('aria-valuetext')).toBe('0 – 1.00 s of 1.00 s');
  });
});
