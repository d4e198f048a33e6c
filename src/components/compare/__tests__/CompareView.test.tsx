// @vitest-environment jsdom
/**
 * The comparison view on the REAL before/after pair (fixtures/compare/,
 * generate_compare.py): the first difference is selected, added spans and
 * the status change are marked, the keyboard moves the selection, the prompt
 * diff marks what changed, and trace text never becomes markup.
 */
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanup,
  fireEvent,
  render,
  screen,
  within
} from '@testing-library/react';

import { compareTraces } from '../../../model/compare';
import { traceFromJson } from '../../../model/trace';
import type { ITrace } from '../../../model/types';
import { exactly } from '../../../model/__tests__/fixtureFiles';
import { CompareView } from '../CompareView';

afterEach(cleanup);

const FIXTURES = resolve(__dirname, '../../../../fixtures');
const load = (name: string): ITrace =>
  traceFromJson(
    exactly(readFileSync(join(FIXTURES, 'compare', name), 'utf8')).payload
  );

function show(a: ITrace, b: ITrace) {
  return render(
    <CompareView a={a} b={b} comparison={compareTraces(a, b)} idPrefix="t" />
  );
}

const selectedPath = () =>
  screen.getByRole('option', { selected: true }).getAttribute('data-path');

describe('CompareView (real before/after pair)', () => {
  it('shows totals with deltas and marks added spans and the status change', () => {
    show(load('before.trace.json'), load('after.trace.json'));
    const totals = screen.getByRole('table', { name: 'Totals' });
    const spans = within(totals).getByRole('row', { name: /Spans/ });
    expect(spans.textContent).toBe('Spans46+2');
    const errors = within(totals).getByRole('row', { name: /Errors/ });
    expect(errors.textContent).toBe('Errors10−1');
    const options = screen.getAllByRole('option');
    expect(options.map(o => o.getAttribute('data-kind'))).toEqual([
      'matched',
      'matched',
      'added',
      'matched',
      'added',
      'matched'
    ]);
    const lookup = options.find(
      o => o.getAttribute('data-path') === 'agent/lookup[1]'
    )!;
    expect(lookup.textContent).toContain('ERROR → OK');
    expect(screen.getByRole('status').textContent).toBe(
      '4 matched · 2 added · 0 removed · 3 changed'
    );
  });

  it('opens on the first difference; arrows, Home and End move; the detail follows', () => {
    show(load('before.trace.json'), load('after.trace.json'));
    // The root's output changed: it is the first difference.
    expect(selectedPath()).toBe('agent');
    const list = screen.getByRole('listbox');
    fireEvent.keyDown(list, { key: 'End' });
    expect(selectedPath()).toBe('agent/call_llm');
    const inputs = screen.getByRole('region', { name: 'Inputs' });
    const runs = (tag: string) =>
      Array.from(inputs.querySelectorAll(tag), e => e.textContent).join('|');
    expect(runs('ins')).toContain('careful');
    expect(runs('del')).toContain('Europe.');
    // Words both prompts share are shown once, unmarked.
    expect(runs('ins') + runs('del')).not.toContain('capital');
    expect(inputs.textContent).toContain('Paris is the capital of France.');
    fireEvent.keyDown(list, { key: 'ArrowUp' });
    expect(selectedPath()).toBe('agent/lookup[2]');
    screen.getByText('Only in B (added)');
    fireEvent.keyDown(list, { key: 'Home' });
    expect(selectedPath()).toBe('agent');
  });

  it('"Only differences" hides unchanged matched spans', () => {
    show(load('before.trace.json'), load('after.trace.json'));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only differences' }));
    expect(
      screen.getAllByRole('option').map(o => o.getAttribute('data-path'))
    ).toEqual([
      'agent',
      'agent/rerank',
      'agent/lookup[1]',
      'agent/lookup[2]',
      'agent/call_llm'
    ]);
  });

  it('a trace against itself: nothing differs, no markup from trace text', () => {
    const a = load('before.trace.json');
    a.spans[0].inputs = { question: '<img src=x onerror=alert(1)>' };
    const { container } = show(a, a);
    expect(screen.getByRole('status').textContent).toBe(
      '4 matched · 0 added · 0 removed · 0 changed'
    );
    fireEvent.click(screen.getAllByRole('option')[0]);
    expect(container.querySelector('img')).toBeNull();
    expect(
      screen.getByRole('region', { name: 'Inputs' }).textContent
    ).toContain('<img src=x onerror=alert(1)>');
  });

  it('a bidi override in a span name (hand-written, hostile) is shown as its code', () => {
    const a = load('before.trace.json');
    const b = load('after.trace.json');
    b.spans[b.spans.findIndex(s => s.name === 'rerank')].name =
      'rerank\u202Egnp.exe';
    show(a, b);
    const added = screen
      .getAllByRole('option')
      .find(o => o.getAttribute('data-kind') === 'added')!;
    expect(added.textContent).toContain('rerank⟨U+202E⟩gnp.exe');
    expect(added.textContent).not.toContain('\u202E');
  });
});
