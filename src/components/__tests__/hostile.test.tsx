// @vitest-environment jsdom
/**
 * What a user sees for hand-written hostile traces (fixtures/hostile/,
 * labelled `hand_written`): impossible times and invisible characters, read
 * by the real model and rendered by the real components.
 */
import React from 'react';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  cleanup,
  fireEvent,
  render,
  screen,
  within
} from '@testing-library/react';

import { summaryFromInfo, traceFromJson, traceFromRest } from '../../model';
import type { ITrace } from '../../model/types';
import { ExperimentPane } from '../sidebar/ExperimentPane';
import { TraceViewer } from '../TraceViewer';
import { renderTracePane } from './tracePane';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

interface IHostileCase {
  name: string;
  kind: string;
  payload: any;
  info?: unknown;
}

function hostileCase(file: string, name: string): IHostileCase {
  const doc = JSON.parse(
    readFileSync(resolve(__dirname, '../../../fixtures/hostile', file), 'utf8')
  );
  expect(doc.hand_written).toBe(true);
  const c = doc.cases.find((x: IHostileCase) => x.name === name);
  expect(c, `case "${name}" in ${file}`).toBeDefined();
  return c;
}

function hostileTrace(file: string, name: string): ITrace {
  const c = hostileCase(file, name);
  return c.kind === 'rest'
    ? traceFromRest(c.info, c.payload)
    : traceFromJson(c.payload);
}

const tree = () => screen.getByRole('tree', { name: 'Spans' });
function row(label: string): HTMLElement {
  const r = within(tree())
    .getAllByRole('treeitem')
    .find(
      el => el.querySelector('.jp-MlflowTrace-rowLabel')?.textContent === label
    );
  if (!r) {
    throw new Error(`no row "${label}"`);
  }
  return r;
}
const duration = (r: HTMLElement) =>
  r.querySelector('.jp-MlflowTrace-rowDuration')!;
const header = () =>
  document.querySelector('.jp-MlflowTrace-header') as HTMLElement;

/** Every text and attribute of the rendered DOM. */
function everything(root: HTMLElement): string {
  const attrs = Array.from(root.querySelectorAll('*')).flatMap(el =>
    Array.from(el.attributes).map(a => a.value)
  );
  return [root.textContent ?? '', ...attrs].join('\n');
}

describe('impossible times', () => {
  it('a span that ends before it starts shows a warning, not "0 ms"', () => {
    render(
      <TraceViewer
        traces={[
          hostileTrace(
            'impossible-times.json',
            'a span that ends before it starts'
          )
        ]}
      />
    );
    const cell = duration(row('backwards'));
    expect(cell.textContent).toBe('⚠ end before start');
    expect(cell.textContent).not.toContain('0 ms');
    const note = within(row('backwards')).getByRole('note', {
      name: 'Warning: This span ends before it starts; its duration cannot be shown'
    });
    expect(note.getAttribute('title')).toContain('ends before it starts');
    // The healthy root keeps its duration.
    expect(duration(row('root')).textContent).toBe('5.00 ms');
    // The trace says how many spans are affected, and why in its warnings.
    expect(header().textContent).toContain('⚠ 1 span with impossible times');
    fireEvent.click(within(header()).getByRole('button', { name: /warning/ }));
    expect(header().textContent).toContain(
      'span bbbbbbbbbbbbbbbb ("backwards") ends before it starts'
    );
    // The detail pane says the same.
    fireEvent.click(row('backwards'));
    const detail = screen.getByLabelText('Span details');
    within(detail).getByRole('note', { name: /ends before it starts/ });
    expect(within(detail).queryByText('not ended')).toBeNull();
  });

  it('Infinity, NaN and text times show "invalid time" on each span', () => {
    render(
      <TraceViewer
        traces={[
          hostileTrace(
            'impossible-times.json',
            'non-finite times: Infinity, NaN, text'
          )
        ]}
      />
    );
    for (const name of ['infinite end', 'nan start', 'text end']) {
      expect(duration(row(name)).textContent).toBe('⚠ invalid time');
      within(row(name)).getByRole('note', {
        name: /Warning: A time of this span is not a finite time/
      });
    }
    expect(header().textContent).toContain('⚠ 3 spans with impossible times');
  });

  it("a negative duration in the trace info is warned about; the header shows the spans' duration", () => {
    render(
      <TraceViewer
        traces={[
          hostileTrace(
            'impossible-times.json',
            'negative trace duration in the trace info'
          )
        ]}
      />
    );
    expect(within(header()).getByTitle(/^Total duration/).textContent).toBe(
      '5.00 ms'
    );
    fireEvent.click(within(header()).getByRole('button', { name: /warning/ }));
    expect(header().textContent).toContain(
      "the trace's duration -250 is negative; the spans' times are shown instead"
    );
  });

  it('the sidebar row of a trace with an infinite duration warns too', () => {
    const c = hostileCase(
      'impossible-times.json',
      'REST trace info with an infinite duration'
    );
    const list = renderTracePane([summaryFromInfo(c.info)]);
    const [only] = within(list).getAllByRole('option');
    expect(
      within(only).getByRole('note', { name: /not a finite time/ }).textContent
    ).toBe('⚠ invalid time');
  });
});

describe('invisible characters', () => {
  const CASE = 'bidi override, zero-width and control characters';
  const INVISIBLE =
    // eslint-disable-next-line no-control-regex -- control characters are what it finds
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200c\u200e-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\u{e0041}/u;

  it('span names, the trace name, ids and keys show codes instead of applying them', () => {
    const trace = hostileTrace('invisible-characters.json', CASE);
    // The model keeps the raw text.
    expect(trace.spans.map(s => s.name)).toContain('invoice\u202etxt.exe');
    const { container } = render(<TraceViewer traces={[trace]} />);
    const label = row('invoice⟨U+202E⟩txt.exe').querySelector(
      '.jp-MlflowTrace-rowLabel'
    )!;
    expect(label.querySelector('.jp-MlflowTrace-invisible')?.textContent).toBe(
      '⟨U+202E⟩'
    );
    expect(label.getAttribute('title')).toBe('invoice⟨U+202E⟩txt.exe');
    expect(
      within(header()).getByRole('heading', { level: 2 }).textContent
    ).toBe('pay ⟨U+2066⟩⟨U+202E⟩redro⟨U+2069⟩ now');
    row('bom⟨U+FEFF⟩ and tag ⟨U+E0041⟩'); // throws when no row reads so
    // An emoji sequence joined by ZWJ is left whole.
    row('family 👨\u200d👩\u200d👧');

    fireEvent.click(row('invoice⟨U+202E⟩txt.exe'));
    const detail = screen.getByLabelText('Span details');
    expect(within(detail).getByRole('heading', { level: 3 }).textContent).toBe(
      'invoice⟨U+202E⟩txt.exe'
    );
    fireEvent.click(within(detail).getByRole('tab', { name: /Attributes/ }));
    const keys = Array.from(
      detail.querySelectorAll('.jp-MlflowTrace-attrKey')
    ).map(k => k.textContent);
    expect(keys).toEqual(
      expect.arrayContaining([
        '⟨U+202E⟩key',
        'tab⟨U+0009⟩and⟨U+0007⟩bell',
        'zero⟨U+200B⟩width'
      ])
    );
    fireEvent.click(within(detail).getByRole('tab', { name: /Events/ }));
    expect(detail.textContent).toContain('ping⟨U+0000⟩');

    fireEvent.click(row('bom⟨U+FEFF⟩ and tag ⟨U+E0041⟩'));
    expect(screen.getByLabelText('Span details').textContent).toContain(
      'id⟨U+200B⟩with⟨U+200B⟩zwsp'
    );
    // Nowhere in the rendered DOM, text or attributes, is one applied.
    expect(everything(container)).not.toMatch(INVISIBLE);
  });

  it('raw JSON shows them as JSON escapes; copy gives the raw value', () => {
    const c = hostileCase('invisible-characters.json', CASE);
    const onCopy = vi.fn();
    render(
      <TraceViewer
        traces={[traceFromJson(c.payload)]}
        rawJson={() => c.payload}
        onCopy={onCopy}
      />
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Show raw trace JSON' })
    );
    const pre = screen.getByLabelText('Raw trace JSON');
    expect(pre.textContent).toContain('"name": "invoice\\u202etxt.exe"');
    expect(pre.textContent).not.toMatch(INVISIBLE);
    fireEvent.click(screen.getByRole('button', { name: 'Copy trace JSON' }));
    expect(JSON.parse(onCopy.mock.calls[0][0])).toEqual(c.payload);
    expect(onCopy.mock.calls[0][0]).toContain('invoice\u202etxt.exe');
  });

  it('the sidebar list shows them as codes', () => {
    const c = hostileCase('invisible-characters.json', CASE);
    const summary = summaryFromInfo(c.payload.info);
    const list = renderTracePane([summary]);
    const [only] = within(list).getAllByRole('option');
    expect(only.querySelector('.jp-MlflowSidebar-traceName')?.textContent).toBe(
      'pay ⟨U+2066⟩⟨U+202E⟩redro⟨U+2069⟩ now'
    );
    expect(
      only.querySelector('.jp-MlflowSidebar-tracePreview')?.textContent
    ).toBe('{"q": "hi⟨U+200B⟩ there"}');
    expect(everything(list)).not.toMatch(INVISIBLE);
  });

  it('experiment names in the sidebar show them as codes too', () => {
    render(
      <ExperimentPane
        connected={true}
        query={{ search: '', orderBy: 'last_update_time DESC' }}
        experiments={{
          items: [
            { experimentId: '7', name: 'prod\u202e-evil\u200b', tags: {} }
          ],
          nextPageToken: null,
          loading: 'idle',
          error: null,
          loaded: true
        }}
        selectedExperimentId={null}
        followedExperimentId={null}
        onQuery={() => undefined}
        onSelect={() => undefined}
        onLoadMore={() => undefined}
        onRetry={() => undefined}
        onRetryMore={() => undefined}
      />
    );
    const list = screen.getByRole('listbox', { name: 'Experiments' });
    const name = list.querySelector('.jp-MlflowSidebar-experimentName')!;
    expect(name.textContent).toBe('prod⟨U+202E⟩-evil⟨U+200B⟩');
    expect(name.getAttribute('title')).toBe('prod⟨U+202E⟩-evil⟨U+200B⟩ (id 7)');
    expect(everything(list)).not.toMatch(INVISIBLE);
  });
});
