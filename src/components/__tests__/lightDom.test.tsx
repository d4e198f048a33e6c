// @vitest-environment jsdom
/// <reference types="node" />
/**
 * What a mounted viewer costs the page: a notebook of many traced cells
 * scrolls only if each viewer is a light DOM. Tree rows draw their icons,
 * chevrons and bars with CSS (no SVG), and the detail pane opens a long
 * value one level only. Real MLflow output (fixtures/mlflow-3.17.2) through
 * the model; the JSON values of the detail cases are hand-written.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanup,
  fireEvent,
  render,
  screen,
  within
} from '@testing-library/react';
import { traceFromJson } from '../../model';
import { openDepth, OPEN_ROWS } from '../DetailSections';
import { TraceViewer } from '../TraceViewer';
import { makeTrace } from './helpers';

afterEach(cleanup);

const realTrace = (name: string) =>
  traceFromJson(
    JSON.parse(
      readFileSync(
        resolve(__dirname, '../../../fixtures/mlflow-3.17.2', name),
        'utf8'
      )
    ).payload
  );

const rows = () => screen.getAllByRole('treeitem');
const detail = () => screen.getByLabelText('Span details');

describe('tree rows', () => {
  it('draw icons, chevrons and bars without SVG, in a few elements a row', () => {
    const { container } = render(
      <TraceViewer traces={[realTrace('langchain.trace.json')]} />
    );
    expect(container.querySelector('[role="tree"] svg')).toBeNull();
    for (const row of rows()) {
      const parent = row.getAttribute('aria-expanded') !== null;
      const error = row.classList.contains('jp-mod-error');
      // Row, label, duration, timeline cell and its bar; a chevron for a
      // parent; the error mark (and its text for screen readers).
      const budget = 5 + (parent ? 1 : 0) + (error ? 2 : 0);
      expect(row.querySelectorAll('*').length + 1).toBeLessThanOrEqual(budget);
      // Every row keeps its type (icon and colour), its duration and its bar.
      expect(row.querySelector('.jp-MlflowTrace-rowLabel')!.className).toMatch(
        /jp-MlflowTrace-type-[a-z-]+/
      );
      expect(
        row.querySelector('.jp-MlflowTrace-rowDuration')!.textContent
      ).not.toBe('');
      expect(row.querySelector('.jp-MlflowTrace-bar')).not.toBeNull();
    }
  });

  it('turn the chevron as the node opens and closes', () => {
    render(<TraceViewer traces={[realTrace('langchain.trace.json')]} />);
    const parent = rows().find(
      r => r.getAttribute('aria-expanded') === 'true'
    )!;
    const chevron = parent.querySelector('.jp-MlflowTrace-chevron')!;
    expect(chevron.classList.contains('jp-mod-open')).toBe(true);
    const before = rows().length;
    fireEvent.click(chevron);
    expect(parent.getAttribute('aria-expanded')).toBe('false');
    expect(chevron.classList.contains('jp-mod-open')).toBe(false);
    expect(rows().length).toBeLessThan(before);
  });

  it('mark an error span with an error sign named for screen readers', () => {
    render(<TraceViewer traces={[realTrace('error.trace.json')]} />);
    const failed = rows().filter(r => r.classList.contains('jp-mod-error'));
    expect(failed.length).toBeGreaterThan(0);
    for (const row of failed) {
      expect(within(row).getByTitle('Error').textContent).toBe('error');
    }
  });
});

describe('the detail pane opens what fits', () => {
  it('opens two levels of a small value, one of a long list', () => {
    expect(openDepth({ question: { text: 'hi', lang: 'en' } })).toBe(2);
    expect(openDepth('text')).toBe(2);
    // An agent's outputs: one small record per step (rows counted: the
    // list, its items, and their fields at the second level).
    const steps = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ step: i, text: `result ${i}` }));
    expect(openDepth(steps(13))).toBe(2); // 1 + 13 + 26 = 40 rows
    expect(openDepth(steps(14))).toBe(1); // 43 rows
    expect(OPEN_ROWS).toBe(40);
  });

  it('shows a long list of records closed, each opening on a click', () => {
    const outputs = Array.from({ length: 19 }, (_, i) => ({
      step: i,
      text: `result of step ${i}`
    }));
    render(
      <TraceViewer
        traces={[
          makeTrace([
            { name: 'agent', inputs: { n: 20 }, outputs },
            { name: 'step', parent: 0 }
          ])
        ]}
      />
    );
    const d = detail();
    // The list is open, its records are closed: no field is in the page.
    expect(within(d).getByRole('button', { name: /^0:/ })).toBeTruthy();
    expect(within(d).queryByText('"result of step 0"')).toBeNull();
    fireEvent.click(within(d).getByRole('button', { name: /^0:/ }));
    expect(within(d).getByText('"result of step 0"')).toBeTruthy();
    // A small value still opens two levels at once.
    expect(within(d).getByText('20')).toBeTruthy();
  });
});
