// @vitest-environment jsdom
/**
 * The Summary in the viewer, on REAL fixtures: request and response, calls
 * in order, a click on a call opens that span in Details, errors, the
 * choice of view kept across the traces of one viewer, and nothing from a
 * trace becomes markup (every fixture, hostile ones included).
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join, resolve } from 'path';
import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  cleanup,
  fireEvent,
  render,
  screen,
  within
} from '@testing-library/react';

import { traceFromJson } from '../../model/trace';
import type { ITrace } from '../../model/types';
import { TraceViewer } from '../TraceViewer';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const FIXTURES = resolve(__dirname, '../../../fixtures');

function fixture(path: string): ITrace {
  return traceFromJson(
    JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')).payload
  );
}

const summaryOf = () =>
  screen.getByRole('tab', { name: 'Summary' }).getAttribute('aria-selected');

function showSummary(traces: ITrace[]) {
  const view = render(<TraceViewer traces={traces} initialView="summary" />);
  expect(summaryOf()).toBe('true');
  return view;
}

describe('Summary view', () => {
  it('shows the request, the response and the calls in order; a click opens the span', () => {
    showSummary([fixture('chat/mlflow-3.17.2/pydantic-ai.trace.json')]);
    const request = screen.getByRole('region', { name: 'Request' });
    expect(request.textContent).toContain('pydantic-ai');
    const calls = within(screen.getByRole('region', { name: 'Calls' }))
      .getAllByRole('listitem')
      .map(li => li.textContent);
    expect(calls).toHaveLength(3);
    expect(calls[0]).toMatch(/^ModelTestModel\.request.*calls get_weather/);
    expect(calls[1]).toMatch(/^Toolget_weather.*18C and sunny/);
    expect(calls[2]).toContain('It is 18C and sunny in Paris.');
    // The conversation, through the chat view.
    const conversation = screen.getByRole('region', { name: 'Conversation' });
    expect(
      within(conversation).getAllByRole('listitem').length
    ).toBeGreaterThanOrEqual(5);

    fireEvent.click(
      within(screen.getByRole('region', { name: 'Calls' })).getByRole(
        'button',
        { name: /get_weather/ }
      )
    );
    expect(summaryOf()).toBe('false');
    expect(
      screen.getByRole('tab', { name: 'Details' }).getAttribute('aria-selected')
    ).toBe('true');
    const detail = screen.getByLabelText('Span details');
    expect(within(detail).getByRole('heading', { level: 3 }).textContent).toBe(
      'get_weather'
    );
    // The span is selected in the tree too.
    const selected = screen
      .getAllByRole('treeitem')
      .filter(r => r.getAttribute('aria-selected') === 'true');
    expect(selected.map(r => r.textContent)).toEqual([
      expect.stringContaining('get_weather')
    ]);
  });

  it('lists the errors with their spans; a click opens the failing span', () => {
    showSummary([fixture('mlflow-3.17.2/error.trace.json')]);
    const errors = screen.getByRole('region', { name: 'Errors' });
    expect(errors.textContent).toContain(
      'TimeoutError: upstream timed out after 30s (attempt 1)'
    );
    expect(screen.getByRole('region', { name: 'Response' }).textContent).toBe(
      'ResponseNo response.'
    );
    fireEvent.click(
      within(errors).getAllByRole('button', { name: 'flaky_tool' })[0]
    );
    expect(screen.getByLabelText('Span details').textContent).toContain(
      'TimeoutError'
    );
  });

  it('keeps the user’s choice for every trace of the viewer', () => {
    const { container } = render(
      <TraceViewer
        traces={[
          fixture('mlflow-3.17.2/decorated.trace.json'),
          fixture('mlflow-3.17.2/error.trace.json')
        ]}
      />
    );
    expect(summaryOf()).toBe('false');
    fireEvent.click(screen.getByRole('tab', { name: 'Summary' }));
    expect(screen.getByRole('region', { name: 'Calls' }).textContent).toContain(
      'lookup_weather'
    );
    const list = container.querySelector('nav')!;
    fireEvent.click(within(list).getAllByRole('button')[1]);
    expect(summaryOf()).toBe('true');
    screen.getByRole('region', { name: 'Errors' });
  });
});

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap(name => {
      const path = join(dir, name);
      return statSync(path).isDirectory()
        ? jsonFiles(path)
        : name.endsWith('.trace.json') ||
            (dir.endsWith('hostile') && name.endsWith('.json'))
          ? [path]
          : [];
    });
}

/** Each trace a fixture file holds (hostile files list cases). */
function tracesIn(path: string): ITrace[] {
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  const payloads = Array.isArray(doc?.cases)
    ? doc.cases
        .filter((c: any) => c.kind === 'trace')
        .map((c: any) => c.payload)
    : doc?.kind === 'trace'
      ? [doc.payload]
      : [];
  return payloads.flatMap((p: unknown) => {
    try {
      return [traceFromJson(p)];
    } catch {
      return [];
    }
  });
}

describe('Summary of every fixture', () => {
  const files = jsonFiles(FIXTURES);
  it('found real and hostile fixtures', () => {
    expect(files.some(f => f.includes('hostile'))).toBe(true);
    expect(files.some(f => f.includes('chat'))).toBe(true);
  });
  for (const file of files) {
    it(file.slice(FIXTURES.length + 1), () => {
      for (const trace of tracesIn(file)) {
        const { container, unmount } = render(
          <TraceViewer
            traces={[trace]}
            initialView="summary"
            renderMarkdown={async () => undefined}
          />
        );
        if (trace.spans.length > 0) {
          expect(container.querySelector('.jp-MlflowTrace-summary')).not.toBe(
            null
          );
        }
        expect(
          container.querySelector('script, img, iframe, object, embed, style')
        ).toBeNull();
        for (const el of Array.from(container.querySelectorAll('*'))) {
          for (const attr of Array.from(el.attributes)) {
            expect(attr.name.startsWith('on'), attr.name).toBe(false);
            expect(/^\s*javascript:/i.test(attr.value)).toBe(false);
          }
        }
        unmount();
      }
    });
  }
});

describe('Summary of a long agent trace', () => {
  it('shows the calls a page at a time', () => {
    // 250 TOOL spans among 5,281 (scripts/fixtures/, the "large" trace).
    showSummary([fixture('mlflow-3.17.2/large.trace.json')]);
    const calls = screen.getByRole('region', { name: 'Calls' });
    expect(within(calls).getAllByRole('listitem')).toHaveLength(100);
    expect(calls.textContent).toContain('Showing 100 of 250 calls');
    fireEvent.click(within(calls).getByRole('button', { name: 'Show more' }));
    expect(within(calls).getAllByRole('listitem')).toHaveLength(200);
  });
});

describe('Summary in the narrow layout', () => {
  it('is the first of three tabs and takes the whole pane', () => {
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(500);
    render(
      <TraceViewer traces={[fixture('mlflow-3.17.2/decorated.trace.json')]} />
    );
    const tabs = screen.getByRole('tablist', {
      name: 'Summary, spans or details'
    });
    expect(
      within(tabs)
        .getAllByRole('tab')
        .map(t => t.textContent)
    ).toEqual(['Summary', 'Spans', expect.stringMatching(/^Details/)]);
    fireEvent.click(within(tabs).getByRole('tab', { name: 'Summary' }));
    expect(screen.queryByRole('tree')).toBeNull();
    fireEvent.click(
      within(screen.getByRole('region', { name: 'Calls' })).getByRole(
        'button',
        { name: /lookup_weather/ }
      )
    );
    expect(
      within(tabs).getByRole('tab', { name: /^Details/ }).textContent
    ).toBe('Details: lookup_weather');
    screen.getByLabelText('Span details');
  });
});
