// @vitest-environment jsdom
/**
 * What a user reads about time, for real MLflow traces (fixtures/mlflow-*):
 * the header's duration is the root span's (from span nanoseconds), the
 * timeline starts at the earliest span, and the sidebar shows search
 * results' durations as whole milliseconds.
 */
import React from 'react';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanup,
  fireEvent,
  render,
  screen,
  within
} from '@testing-library/react';

import { summariesFromSearch, traceFromJson } from '../../model';
import type { ITraceSummary } from '../../model/types';
import { exactly } from '../../model/__tests__/fixtureFiles';
import { formatDuration } from '../state/format';
import { TraceViewer } from '../TraceViewer';
import { renderTracePane } from './tracePane';

afterEach(cleanup);

const FIXTURES = resolve(__dirname, '../../../fixtures');
const VERSIONS = ['mlflow-3.17.2', 'mlflow-3.4.0', 'mlflow-2.22.5'];
const SCENARIOS = ['decorated', 'error', 'langchain'];

function fixture(version: string, name: string): any {
  return exactly(readFileSync(resolve(FIXTURES, version, name), 'utf8'));
}

const header = () =>
  document.querySelector('.jp-MlflowTrace-header') as HTMLElement;
const rows = () =>
  within(screen.getByRole('tree', { name: 'Spans' })).getAllByRole('treeitem');

describe('header, rows and timeline of real traces', () => {
  for (const version of VERSIONS) {
    for (const scenario of SCENARIOS) {
      it(`${version} ${scenario}: header = root span, timeline from the first span`, () => {
        const doc = fixture(version, `${scenario}.trace.json`);
        const payload = Array.isArray(doc.payload)
          ? doc.payload[0]
          : doc.payload;
        const trace = traceFromJson(payload);
        render(<TraceViewer traces={[trace]} />);

        const root = rows()[0];
        const rootSpan = trace.spans[trace.rootIndices[0]];
        const headerDuration = within(header()).getByTitle(
          'Total duration, from the span timestamps'
        ).textContent;
        const rootDuration = root.querySelector(
          '.jp-MlflowTrace-rowDuration'
        )!.textContent;
        // The root span's duration from its own nanoseconds, independently.
        const raw = payload.data.spans.find(
          (s: any) => !(s.parent_span_id ?? s.parent_id)
        );
        const exactRootMs =
          Number(
            BigInt(raw.end_time_unix_nano ?? raw.end_time) -
              BigInt(raw.start_time_unix_nano ?? raw.start_time)
          ) / 1e6;
        expect(rootSpan.durationMs).toBe(exactRootMs);
        expect(rootDuration).toBe(formatDuration(exactRootMs));
        expect(headerDuration).toBe(rootDuration);
        // Three significant digits, never a whole-millisecond rounding.
        expect(headerDuration).toMatch(
          /^(\d\.\d\d|\d\d\.\d|\d{3}) (µs|ms)$|s$/
        );

        // The timeline starts at the earliest span: the root's bar at 0 %,
        // and its detail says "at +0".
        const bar = root.querySelector('.jp-MlflowTrace-bar') as HTMLElement;
        expect(bar.style.left).toBe('0%');
        fireEvent.click(root);
        const detail = screen.getByLabelText('Span details');
        expect(
          within(detail).getByTitle('Start, relative to the trace start')
            .textContent
        ).toBe('at +0');
      });
    }
  }

  it('a trace without spans shows the info duration as whole milliseconds', () => {
    const doc = fixture('mlflow-3.17.2', 'decorated.trace.json');
    const trace = traceFromJson({
      info: doc.payload.info,
      data: { spans: [] }
    });
    render(<TraceViewer traces={[trace]} />);
    const shown = within(header()).getByTitle(
      'Total duration, from the trace info (whole milliseconds)'
    ).textContent;
    expect(shown).toBe(`${doc.payload.info.execution_duration_ms} ms`);
  });
});

describe('sidebar rows: search results at millisecond precision', () => {
  for (const version of VERSIONS) {
    it(`${version}: every row shows whole milliseconds (or seconds)`, () => {
      const summaries: ITraceSummary[] = [];
      for (const scenario of SCENARIOS) {
        const doc = fixture(version, `${scenario}.rest.json`);
        summaries.push(...summariesFromSearch(doc.payload.search));
      }
      expect(summaries.length).toBeGreaterThan(0);
      const list = renderTracePane(summaries, '1');
      const options = within(list).getAllByRole('option');
      expect(options).toHaveLength(summaries.length);
      options.forEach((option, k) => {
        const ms = summaries[k].durationMs!;
        expect(Number.isInteger(ms)).toBe(true);
        const cell = Array.from(
          option.querySelectorAll('.jp-MlflowSidebar-num')
        )[0];
        const text = cell.textContent;
        expect(text).toBe(
          ms < 1 ? '< 1 ms' : ms < 1000 ? `${ms} ms` : formatDuration(ms, 'ms')
        );
        // Never a decimal for a value known to the millisecond.
        expect(text).not.toMatch(/\d\.\d+ ms|µs/);
      });
    });
  }
});
