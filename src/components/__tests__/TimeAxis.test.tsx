// @vitest-environment jsdom
/**
 * The time axis without d3: the same round ticks d3's linear scale chose
 * (values below were printed by d3-array 3.2 `ticks(0, stop, count)` before
 * d3 was dropped), labelled with the viewer's offsets.
 */
import { render } from '@testing-library/react';
import React from 'react';
import { describe, expect, it } from 'vitest';

import { niceTicks, TimeAxis } from '../TimeAxis';

describe('niceTicks', () => {
  it.each([
    [1000, 5, [0, 200, 400, 600, 800, 1000]],
    [0.7, 3, [0, 0.2, 0.4, 0.6]],
    [0.413, 2, [0, 0.2, 0.4]],
    [7321, 4, [0, 2000, 4000, 6000]],
    [59999, 6, [0, 10000, 20000, 30000, 40000, 50000]],
    [
      3,
      12,
      [0, 0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.6, 1.8, 2, 2.2, 2.4, 2.6, 2.8, 3]
    ]
  ])('ticks(0, %s, %s) as d3 gave them', (stop, count, want) => {
    expect(niceTicks(stop, count)).toEqual(want);
  });

  it('a zero-length trace gets one tick at 0', () => {
    expect(niceTicks(0, 4)).toEqual([0]);
  });
});

describe('TimeAxis', () => {
  it('labels each tick and keeps the end labels inside the column', () => {
    const { container } = render(
      <TimeAxis extentMs={1000} width={292} height={22} />
    );
    const labels = [...container.querySelectorAll('.tick text')];
    expect(labels.map(t => t.textContent)).toEqual([
      '0',
      '200ms',
      '400ms',
      '600ms',
      '800ms',
      '1s'
    ]);
    expect(labels[0].getAttribute('text-anchor')).toBe('start');
    expect(labels[2].getAttribute('text-anchor')).toBe('middle');
    expect(labels[5].getAttribute('text-anchor')).toBe('end');
  });
});
