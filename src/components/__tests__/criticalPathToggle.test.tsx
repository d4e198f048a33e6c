// @vitest-environment jsdom
/// <reference types="node" />
/**
 * The "Critical path" toggle of the span toolbar on a REAL agent trace
 * (fixtures/critical, made by generate_critical.py under mlflow 3.17.2):
 * three tools run in parallel threads, the 90 ms search_web decides when
 * the step ends; read_calendar runs inside its time.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { traceFromJson } from '../../model';
import { TraceViewer } from '../TraceViewer';

afterEach(cleanup);

const trace = traceFromJson(
  JSON.parse(
    readFileSync(
      resolve(
        __dirname,
        '../../../fixtures/critical/parallel-tools.trace.json'
      ),
      'utf8'
    )
  ).payload
);

const toggle = () => screen.getByRole('button', { name: 'Critical path' });
/** Rows by span name, in display order. */
const rowsNamed = (name: string) =>
  screen
    .getAllByRole('treeitem')
    .filter(
      r => r.querySelector('.jp-MlflowTrace-rowLabel')!.textContent === name
    );
const marked = (name: string) =>
  rowsNamed(name).some(r => r.classList.contains('jp-mod-critical'));

function renderExpanded(): void {
  render(<TraceViewer traces={[trace]} />);
  fireEvent.click(screen.getByRole('button', { name: 'Expand all' }));
}

describe('critical path toggle', () => {
  it('is off by default: no row marked, no bar faded, no segment drawn', () => {
    renderExpanded();
    expect(toggle().getAttribute('aria-pressed')).toBe('false');
    expect(document.querySelector('.jp-mod-critical')).toBeNull();
    expect(document.querySelector('.jp-mod-pathShown')).toBeNull();
    expect(document.querySelector('.jp-MlflowTrace-pathSegment')).toBeNull();
  });

  it('marks the rows of the slow branch, not the tool that ran within its time', () => {
    renderExpanded();
    fireEvent.click(toggle());
    expect(toggle().getAttribute('aria-pressed')).toBe('true');
    expect(
      ['agent', 'plan', 'search_web', 'answer'].map(n => [n, marked(n)])
    ).toEqual([
      ['agent', true],
      ['plan', true],
      ['search_web', true],
      ['answer', true]
    ]);
    expect(['read_calendar', 'write_cache'].map(n => [n, marked(n)])).toEqual([
      ['read_calendar', false],
      ['write_cache', false]
    ]);
    // Of the three call_tool wrappers, read_calendar's (the third) is off
    // the path; lookup_weather's started first and is on it only until the
    // slow branch starts (Jaeger's rule).
    expect(
      rowsNamed('call_tool').map(r => r.classList.contains('jp-mod-critical'))
    ).toEqual([true, true, false]);
  });

  it('says so to screen readers and on hover', () => {
    renderExpanded();
    fireEvent.click(toggle());
    const row = rowsNamed('search_web')[0];
    expect(row.textContent).toContain('on the critical path');
    expect(row.getAttribute('title')).toBe('On the critical path');
    expect(rowsNamed('read_calendar')[0].textContent).not.toContain(
      'critical path'
    );
  });

  it('draws the path inside the bars: the whole slow tool, part of the root, none of the others', () => {
    renderExpanded();
    fireEvent.click(toggle());
    const segments = (name: string) =>
      Array.from(
        rowsNamed(name)[0].querySelectorAll<HTMLElement>(
          '.jp-MlflowTrace-pathSegment'
        )
      ).map(s => [parseFloat(s.style.left), parseFloat(s.style.width)]);
    const search = segments('search_web');
    expect(search).toHaveLength(1);
    expect(search[0][0]).toBeCloseTo(0, 6);
    expect(search[0][1]).toBeCloseTo(100, 6);
    // The root's own time between its children is on the path, in pieces.
    const root = segments('agent');
    expect(root.length).toBeGreaterThan(0);
    expect(root.reduce((w, s) => w + s[1], 0)).toBeLessThan(100);
    expect(segments('read_calendar')).toEqual([]);
    // Every bar is faded while the path is shown.
    for (const bar of document.querySelectorAll('.jp-MlflowTrace-bar')) {
      expect(bar.classList.contains('jp-mod-pathShown')).toBe(true);
    }
  });

  it('turns off again, leaving the rows as they were', () => {
    renderExpanded();
    fireEvent.click(toggle());
    fireEvent.click(toggle());
    expect(toggle().getAttribute('aria-pressed')).toBe('false');
    expect(document.querySelector('.jp-mod-critical')).toBeNull();
    expect(document.querySelector('.jp-MlflowTrace-pathSegment')).toBeNull();
  });
});
