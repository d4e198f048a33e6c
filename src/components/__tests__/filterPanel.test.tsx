// @vitest-environment jsdom
/// <reference types="node" />
/**
 * The filter panel in the viewer on REAL traces: fixtures/loglevel (spans
 * at every MLflow log level, made by generate_loglevel.py under mlflow
 * 3.17.2) and an MLflow 2.22.5 trace (no levels).
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
  within
} from '@testing-library/react';
import { traceFromJson } from '../../model';
import { TraceViewer } from '../TraceViewer';

const load = (path: string) =>
  traceFromJson(
    JSON.parse(
      readFileSync(resolve(__dirname, '../../../fixtures', path), 'utf8')
    ).payload
  );
const levels = () => load('loglevel/levels.trace.json');

let reached = 0;
const onDocumentKey = () => reached++;
beforeEach(() => {
  reached = 0;
  document.addEventListener('keydown', onDocumentKey);
});
afterEach(() => {
  document.removeEventListener('keydown', onDocumentKey);
  cleanup();
});

const tree = () => screen.getByRole('tree', { name: 'Spans' });
const rows = () =>
  within(tree())
    .queryAllByRole('treeitem')
    .map(
      r =>
        `${r.querySelector('.jp-MlflowTrace-rowLabel')?.textContent}@${r.getAttribute('aria-level')}`
    );
const level = () => screen.getByRole('combobox', { name: 'Minimum log level' });
const openFilters = () =>
  fireEvent.click(screen.getByRole('button', { name: 'Filters' }));

describe('minimum log level in the viewer', () => {
  it('Info hides Debug spans; a Debug parent of an Info span stays, dimmed', () => {
    render(<TraceViewer traces={[levels()]} />);
    expect(rows()).toHaveLength(8);
    openFilters();
    fireEvent.change(level(), { target: { value: '20' } });
    expect(rows()).toEqual([
      'agent@1',
      'prepare@2',
      'draft@3',
      'fetch_quota@2',
      'flaky_lookup@2',
      'cache_read@2',
      'audit@2'
    ]);
    const prepare = within(tree())
      .getAllByRole('treeitem')
      .find(r => r.textContent?.startsWith('prepare'))!;
    expect(prepare.classList.contains('jp-mod-dimmed')).toBe(true);
    screen.getByText(/6 of 8 spans/);
    screen.getByRole('button', { name: 'Filters (6)' });
  });

  it('without parents, the Info span moves up under the agent', () => {
    render(<TraceViewer traces={[levels()]} />);
    openFilters();
    fireEvent.change(level(), { target: { value: '20' } });
    fireEvent.click(
      screen.getByRole('checkbox', { name: 'Parents of matches' })
    );
    expect(rows()).toEqual([
      'agent@1',
      'draft@2',
      'fetch_quota@2',
      'flaky_lookup@2',
      'cache_read@2',
      'audit@2'
    ]);
    // ArrowLeft from draft goes to its parent as shown: the agent.
    fireEvent.click(
      within(tree())
        .getAllByRole('treeitem')
        .find(r => r.textContent?.startsWith('draft'))!
    );
    fireEvent.keyDown(tree(), { key: 'ArrowLeft' });
    expect(
      within(tree())
        .getAllByRole('treeitem')
        .find(r => r.getAttribute('aria-selected') === 'true')?.textContent
    ).toMatch(/^agent/);
  });

  it('Critical keeps the spans with exceptions until that box is cleared', () => {
    render(<TraceViewer traces={[levels()]} />);
    openFilters();
    fireEvent.change(level(), { target: { value: '50' } });
    expect(rows()).toEqual([
      'agent@1',
      'flaky_lookup@2',
      'cache_read@2',
      'audit@2'
    ]);
    fireEvent.click(
      screen.getByRole('checkbox', { name: /^Spans with exceptions/ })
    );
    expect(rows()).toEqual(['agent@1', 'audit@2']);
    fireEvent.click(screen.getByRole('button', { name: 'Reset filters' }));
    expect(rows()).toHaveLength(8);
    expect((level() as HTMLSelectElement).value).toBe('10');
  });

  it("says when a trace's spans carry no level", () => {
    render(
      <TraceViewer traces={[load('mlflow-2.22.5/decorated.trace.json')]} />
    );
    openFilters();
    fireEvent.change(level(), { target: { value: '20' } });
    screen.getByText(/No span of this trace has a log level/);
  });

  it("keeps the select's own keys, lets Escape and Shift+Enter through", () => {
    render(<TraceViewer traces={[levels()]} />);
    openFilters();
    for (const key of ['ArrowDown', 'ArrowUp', 'Home', 'End', 'e', ' ']) {
      fireEvent.keyDown(level(), { key });
    }
    expect(reached).toBe(0);
    fireEvent.keyDown(level(), { key: 'Escape' });
    fireEvent.keyDown(level(), { key: 'Enter', shiftKey: true });
    expect(reached).toBe(2);
  });
});
