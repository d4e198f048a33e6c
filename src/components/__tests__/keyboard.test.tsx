// @vitest-environment jsdom
/// <reference types="node" />
/**
 * Which keys the viewer keeps. JupyterLab runs its shortcuts from a keydown
 * listener on `document` (bubbling), so a key "reaches the notebook" when a
 * bubbling listener on document receives it. The trace is real MLflow
 * output (fixtures/mlflow-3.17.2) read through the model.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import React from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cleanup,
  fireEvent,
  render,
  screen,
  waitFor,
  within
} from '@testing-library/react';
import { traceFromJson } from '../../model';
import { TraceErrorCard } from '../TraceErrorCard';
import { TraceViewer } from '../TraceViewer';

const FIXTURE = resolve(
  __dirname,
  '../../../fixtures/mlflow-3.17.2/decorated.trace.json'
);
const realTrace = () =>
  traceFromJson(JSON.parse(readFileSync(FIXTURE, 'utf8')).payload);

/** Keys JupyterLab must still get while focus is in the viewer. */
const NOTEBOOK_KEYS: Array<[string, KeyboardEventInit]> = [
  ['Shift+Enter', { key: 'Enter', shiftKey: true }],
  ['Ctrl+S', { key: 's', ctrlKey: true }],
  ['Cmd+S', { key: 's', metaKey: true }],
  ['Escape', { key: 'Escape' }],
  ['Ctrl+Enter', { key: 'Enter', ctrlKey: true }],
  ['Alt+Enter', { key: 'Enter', altKey: true }]
];

let reached: KeyboardEvent[] = [];
const onDocumentKey = (e: KeyboardEvent) => reached.push(e);
beforeEach(() => {
  reached = [];
  document.addEventListener('keydown', onDocumentKey);
});
afterEach(() => {
  document.removeEventListener('keydown', onDocumentKey);
  cleanup();
});

/** Press a key on `el`: did it reach document, and was its default kept? */
function press(el: Element, init: KeyboardEventInit) {
  const before = reached.length;
  const notPrevented = fireEvent.keyDown(el, init);
  return { reachedNotebook: reached.length > before, notPrevented };
}

const tree = () => screen.getByRole('tree', { name: 'Spans' });
const selectedName = () =>
  within(tree())
    .getAllByRole('treeitem')
    .find(r => r.getAttribute('aria-selected') === 'true')
    ?.querySelector('.jp-MlflowTrace-rowLabel')?.textContent;

describe('span tree keys', () => {
  it.each([
    'ArrowDown',
    'ArrowUp',
    'ArrowLeft',
    'ArrowRight',
    'Home',
    'End',
    'PageDown',
    'PageUp',
    'Enter',
    ' '
  ])('keeps %j from the notebook', key => {
    render(<TraceViewer traces={[realTrace()]} />);
    expect(press(tree(), { key })).toEqual({
      reachedNotebook: false,
      notPrevented: false
    });
  });

  it('moves the selection on ArrowDown without the notebook seeing it', () => {
    render(<TraceViewer traces={[realTrace()]} />);
    expect(selectedName()).toBe('answer_question');
    expect(press(tree(), { key: 'ArrowDown' }).reachedNotebook).toBe(false);
    expect(selectedName()).toBe('retrieve_context');
  });

  it.each([
    ...NOTEBOOK_KEYS,
    ['Shift+ArrowDown', { key: 'ArrowDown', shiftKey: true }],
    ['Ctrl+Shift+ArrowUp', { key: 'ArrowUp', ctrlKey: true, shiftKey: true }],
    ['Tab', { key: 'Tab' }],
    ['a letter', { key: 'b' }]
  ] as Array<[string, KeyboardEventInit]>)(
    'lets %s through to the notebook, untouched',
    (_, init) => {
      render(<TraceViewer traces={[realTrace()]} />);
      fireEvent.keyDown(tree(), { key: 'ArrowDown' });
      expect(press(tree(), init)).toEqual({
        reachedNotebook: true,
        notPrevented: true
      });
      expect(selectedName()).toBe('retrieve_context');
    }
  );
});

describe('search box keys', () => {
  const box = () => screen.getByRole('searchbox', { name: 'Search spans' });
  const search = async (value: string, count: string) => {
    fireEvent.change(box(), { target: { value } });
    await waitFor(() => screen.getByText(count));
  };

  it('keeps Enter (next match) and Shift+Enter (previous match)', async () => {
    render(<TraceViewer traces={[realTrace()]} />);
    await search('_', '1 of 7');
    expect(press(box(), { key: 'Enter' })).toEqual({
      reachedNotebook: false,
      notPrevented: false
    });
    screen.getByText('2 of 7');
    expect(press(box(), { key: 'Enter', shiftKey: true }).reachedNotebook).toBe(
      false
    );
    screen.getByText('1 of 7');
  });

  it('keeps Escape while it holds text, then lets it through', async () => {
    render(<TraceViewer traces={[realTrace()]} />);
    await search('weather', '1 of 3');
    expect(press(box(), { key: 'Escape' }).reachedNotebook).toBe(false);
    expect((box() as HTMLInputElement).value).toBe('');
    expect(press(box(), { key: 'Escape' })).toEqual({
      reachedNotebook: true,
      notPrevented: true
    });
  });

  it('keeps Ctrl+Z for its own text undo (default not prevented)', () => {
    render(<TraceViewer traces={[realTrace()]} />);
    expect(press(box(), { key: 'z', ctrlKey: true })).toEqual({
      reachedNotebook: false,
      notPrevented: true
    });
  });

  it.each(
    NOTEBOOK_KEYS.filter(
      ([name]) => name !== 'Shift+Enter' && name !== 'Escape'
    )
  )('lets %s through to the notebook', async (_, init) => {
    render(<TraceViewer traces={[realTrace()]} />);
    await search('weather', '1 of 3');
    expect(press(box(), init)).toEqual({
      reachedNotebook: true,
      notPrevented: true
    });
    expect((box() as HTMLInputElement).value).toBe('weather');
  });
});

describe('buttons, checkboxes, tabs and the resize handle', () => {
  it('keep Enter and Space on a button, without cancelling its click', () => {
    render(<TraceViewer traces={[realTrace()]} />);
    const button = screen.getByRole('button', { name: 'Expand all' });
    for (const key of ['Enter', ' ']) {
      expect(press(button, { key })).toEqual({
        reachedNotebook: false,
        notPrevented: true
      });
    }
    for (const [, init] of NOTEBOOK_KEYS) {
      expect(press(button, init).reachedNotebook).toBe(true);
    }
  });

  it('keep Space on a filter checkbox, not Enter', () => {
    render(<TraceViewer traces={[realTrace()]} />);
    fireEvent.click(screen.getByRole('button', { name: 'Filters' }));
    const box = screen.getByRole('checkbox', { name: /Errors only/ });
    expect(press(box, { key: ' ' }).reachedNotebook).toBe(false);
    expect(press(box, { key: 'Enter' }).reachedNotebook).toBe(true);
  });

  it('keep arrows on the detail tabs, not Shift+Enter', () => {
    render(<TraceViewer traces={[realTrace()]} />);
    const tabs = screen.getByRole('tablist', { name: 'Span detail tabs' });
    const first = within(tabs).getAllByRole('tab')[0];
    expect(press(first, { key: 'ArrowRight' }).reachedNotebook).toBe(false);
    expect(
      within(tabs).getAllByRole('tab')[1].getAttribute('aria-selected')
    ).toBe('true');
    expect(press(first, { key: 'Enter', shiftKey: true }).reachedNotebook).toBe(
      true
    );
  });

  it('keep ArrowUp/Down on the resize handle, not Ctrl+Shift+ArrowUp', () => {
    const { container } = render(
      <TraceViewer traces={[realTrace()]} height={300} />
    );
    const root = container.firstElementChild as HTMLElement;
    const handle = screen.getByRole('separator', {
      name: 'Resize trace viewer'
    });
    expect(press(handle, { key: 'ArrowDown' }).reachedNotebook).toBe(false);
    expect(root.style.height).toBe('320px');
    expect(
      press(handle, { key: 'ArrowUp', ctrlKey: true, shiftKey: true })
        .reachedNotebook
    ).toBe(true);
    expect(root.style.height).toBe('320px');
  });

  it('keep Enter on an error card button, not Escape', () => {
    render(
      <TraceErrorCard
        error={{ code: 'unsupported-version', message: 'Version 7.' }}
        raw={{ version: 7 }}
      />
    );
    const show = screen.getByRole('button', { name: 'Show raw payload' });
    expect(press(show, { key: 'Enter' }).reachedNotebook).toBe(false);
    expect(press(show, { key: 'Escape' }).reachedNotebook).toBe(true);
  });
});
