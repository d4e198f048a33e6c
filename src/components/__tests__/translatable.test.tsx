// @vitest-environment jsdom
/// <reference types="node" />
/**
 * Every string the views show goes through the translation bundle: the
 * viewer (real MLflow fixtures through the real model), the sidebar lists
 * and the comparison are rendered with a bundle that wraps each translated
 * string in «…». Every visible text and every title / aria-label /
 * placeholder must then be marked, except trace content (names, values,
 * ids), numbers, durations and dates.
 */
import '../../__tests__/jsdomShims'; // before ui-components (sidebar views)
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { compareTraces } from '../../model/compare';
import { experimentsFromSearch } from '../../model/experiments';
import { summariesFromSearch } from '../../model/info';
import { summarizeTrace } from '../../model/summary';
import { traceFromJson } from '../../model/trace';
import { TRUNCATION_KEY } from '../../model/truncation';
import type { ITrace, ITraceReference } from '../../model/types';
import { exactly } from '../../model/__tests__/fixtureFiles';
import { SidebarModel } from '../../sidebar/model/sidebarModel';
import type { ISidebarState } from '../../sidebar/model/types';
import { CompareView } from '../compare/CompareView';
import { englishBundle, TranslationBundle, TranslationContext } from '../i18n';
import { SidebarView } from '../sidebar/Sidebar';
import { TraceTabView } from '../sidebar/TraceTabView';
import {
  FakeApi,
  noSidebarCallbacks,
  STATUS_DOWN,
  STATUS_OK
} from '../sidebar/__tests__/fixtures';
import { CappedValue, ServerCopyContext, ServerCopyNote } from '../serverCopy';
import { RawJsonView } from '../RawJsonView';
import { TraceErrorCard } from '../TraceErrorCard';
import {
  ITraceReferenceState,
  TraceReferenceCard
} from '../TraceReferenceCard';
import { TraceViewer } from '../TraceViewer';

afterEach(cleanup);

const FIXTURES = resolve(__dirname, '../../../fixtures');

function fixture(path: string): { payload: unknown } {
  return exactly(readFileSync(join(FIXTURES, path), 'utf8'));
}

/** A bundle that marks what it translates: «text». */
const mark = (text: string): string => `«${text}»`;
const marking: TranslationBundle = {
  __: (msgid, ...args) => mark(englishBundle.__(msgid, ...args)),
  _n: (msgid, plural, n, ...args) =>
    mark(englishBundle._n(msgid, plural, n, ...args)),
  _p: (ctx, msgid, ...args) => mark(englishBundle._p(ctx, msgid, ...args)),
  _np: (ctx, msgid, plural, n, ...args) =>
    mark(englishBundle._np(ctx, msgid, plural, n, ...args)),
  gettext: (msgid, ...args) => mark(englishBundle.gettext(msgid, ...args)),
  ngettext: (msgid, plural, n, ...args) =>
    mark(englishBundle.ngettext(msgid, plural, n, ...args)),
  pgettext: (ctx, msgid, ...args) =>
    mark(englishBundle.pgettext(ctx, msgid, ...args)),
  npgettext: (ctx, msgid, plural, n, ...args) =>
    mark(englishBundle.npgettext(ctx, msgid, plural, n, ...args)),
  dcnpgettext: (domain, ctx, msgid, plural, n, ...args) =>
    mark(englishBundle.dcnpgettext(domain, ctx, msgid, plural, n, ...args))
};

function withMarks(node: React.ReactElement): React.ReactElement {
  return (
    <TranslationContext.Provider value={marking}>
      {node}
    </TranslationContext.Provider>
  );
}

/** Every string (keys and values) of raw payloads: the content a view may show as is. */
function contentOf(...values: unknown[]): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown, depth: number): void => {
    if (depth > 40) {
      return;
    }
    if (typeof v === 'string') {
      out.add(v.trim());
      // Attributes and previews often hold JSON text: its strings show too.
      if (/^[[{"]/.test(v.trim())) {
        try {
          walk(JSON.parse(v), depth + 1);
        } catch {
          // not JSON
        }
      }
    } else if (typeof v === 'number' || typeof v === 'boolean') {
      out.add(String(v));
    } else if (Array.isArray(v)) {
      v.forEach(x => walk(x, depth + 1));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        out.add(k);
        walk(x, depth + 1);
      }
    }
  };
  values.forEach(v => walk(v, 0));
  out.delete('');
  return out;
}

/** What the model reads from a trace's spans: names, ids, types, statuses. */
function spanContent(trace: ITrace): string[] {
  const previews = summarizeTrace(trace).calls.flatMap(c => [
    c.input,
    c.output
  ]);
  return trace.spans
    .flatMap(s => [s.name, s.id, s.spanType, s.status])
    .concat(previews);
}

const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;
const LOCALE_DATE =
  /\b(AM|PM|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/g;
/** Numbers with their units: durations, sizes, tokens, cost, offsets. */
const NUMBER =
  /(?<![\p{L}\p{N}])[$±+−-]?\d[\d.,]*\s*(ns|µs|ms|s|m|h|k|M|B|kB|MB|e[+-]?\d+)?(?![\p{L}\p{N}])/gu;
/** What a view may show around content: punctuation, arrows, marks. */
const NEUTRAL = /^[\s\p{P}\p{S}⟨⟩U]*$/u;

/**
 * Whether text outside every «…» is content: a string of the payloads
 * (whole, JSON-quoted, or several with punctuation between), numbers with
 * units, or dates.
 */
function isContent(
  text: string,
  content: Set<string>,
  long: string[]
): boolean {
  let rest = text.trim();
  if (rest === '' || content.has(rest)) {
    return true;
  }
  for (const c of long) {
    if (rest.includes(c)) {
      rest = rest.split(c).join(' ');
    }
  }
  rest = rest
    .replace(/⟨U\+[0-9A-F]{4,6}⟩/g, ' ')
    .replace(ISO_TIME, ' ')
    .replace(LOCALE_DATE, ' ')
    .replace(NUMBER, ' ')
    .replace(/\b(true|false|null|undefined)\b/g, ' ');
  return NEUTRAL.test(rest);
}

/** Parts of `text` outside «…» (marks may nest, and span several nodes). */
function unmarked(texts: string[]): string[] {
  const out: string[] = [];
  let depth = 0;
  for (const text of texts) {
    let part = '';
    for (const ch of text) {
      if (ch === '«') {
        depth++;
        out.push(part);
        part = '';
      } else if (ch === '»') {
        depth = Math.max(0, depth - 1);
      } else if (depth === 0) {
        part += ch;
      }
    }
    out.push(part);
  }
  return out.filter(p => p.trim() !== '');
}

const ATTRIBUTES = ['title', 'aria-label', 'placeholder', 'alt'];

/** Every visible text and labelling attribute is marked or content. */
function expectTranslated(root: HTMLElement, content: Set<string>): void {
  const long = [...content]
    .filter(c => c.length >= 2 && !/^[\d.,\s]+$/.test(c))
    .sort((x, y) => y.length - x.length);
  const problems: string[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* text */);
  const texts: string[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    // <pre>: trace content shown verbatim (raw JSON, payloads, text diffs).
    if (!n.parentElement?.closest('pre')) {
      texts.push(n.textContent ?? '');
    }
  }
  for (const part of unmarked(texts)) {
    if (!isContent(part, content, long)) {
      problems.push(`text: ${JSON.stringify(part.trim())}`);
    }
  }
  for (const el of Array.from(root.querySelectorAll('*'))) {
    for (const name of ATTRIBUTES) {
      const value = el.getAttribute(name);
      if (value === null) {
        continue;
      }
      for (const part of unmarked([value])) {
        if (!isContent(part, content, long)) {
          problems.push(
            `${el.tagName.toLowerCase()} ${name}: ${JSON.stringify(part.trim())}`
          );
        }
      }
    }
  }
  expect([...new Set(problems)]).toEqual([]);
}

describe('a marking bundle reaches every string of the views', () => {
  const payloads = [
    fixture('mlflow-3.17.2/langchain.trace.json').payload,
    fixture('mlflow-3.17.2/error.trace.json').payload,
    fixture('chat/mlflow-3.17.2/openai-chat.trace.json').payload
  ];
  const traces: ITrace[] = payloads.map(p => traceFromJson(p));
  const content = contentOf(
    payloads,
    traces.map(t => [t.name, t.traceId, spanContent(t)])
  );

  it('in the viewer: header, trace list, tree, details, filters, search, info, raw JSON', () => {
    const { container } = render(
      withMarks(
        <TraceViewer traces={traces} trackingUri="http://127.0.0.1:5000" />
      )
    );
    expectTranslated(container, content);
    fireEvent.click(screen.getAllByRole('treeitem')[1]);
    fireEvent.click(screen.getByRole('button', { name: '«Filters»' }));
    fireEvent.change(screen.getByRole('searchbox'), {
      target: { value: 'no-such-span' }
    });
    expectTranslated(container, content);
    fireEvent.click(
      screen.getByRole('button', { name: '«Trace tags and metadata»' })
    );
    expectTranslated(container, content);
    fireEvent.click(
      screen.getByRole('button', { name: '«Show raw trace JSON»' })
    );
    expectTranslated(container, content);
  });

  it('in the viewer: the summary with its calls, errors and conversation', () => {
    for (const trace of traces) {
      const { container } = render(
        withMarks(<TraceViewer traces={[trace]} initialView="summary" />)
      );
      expectTranslated(container, content);
      cleanup();
    }
  });

  it('in the error card, the reference card and the server copy notes', () => {
    const raw = { not: 'a trace', text: 'x'.repeat(60_000) };
    const { container } = render(
      withMarks(<TraceErrorCard message="broken payload" raw={raw} />)
    );
    fireEvent.click(screen.getByRole('button', { name: '«Show raw payload»' }));
    expectTranslated(container, contentOf(raw, 'broken payload'));
    cleanup();

    // Raw JSON is content, but the words marking a cut string are ours.
    const { container: rawView } = render(
      withMarks(
        <RawJsonView
          value={{ long: 'x'.repeat(3000) }}
          getFullJson={() => ''}
        />
      )
    );
    expect(rawView.querySelector('pre')?.textContent).toContain(
      '«… (1,000 more characters)»'
    );
    expectTranslated(rawView, contentOf('long'));
    cleanup();

    const references: ITraceReference[] = Array.from(
      { length: 23 },
      (_, k) => ({
        traceId: `tr-${k}`,
        experimentId: '1',
        sqlWarehouseId: k === 0 ? 'wh-1' : undefined
      })
    );
    const states: ITraceReferenceState[] = [
      { kind: 'loading', host: '127.0.0.1:5000' },
      { kind: 'loading' },
      { kind: 'error', errorKind: 'host-not-allowed', message: 'refused' },
      { kind: 'error' },
      { kind: 'waiting', host: '127.0.0.1:5000' },
      {
        kind: 'other-host',
        trackingUri: 'http://mlflow.example:5000',
        host: 'mlflow.example:5000',
        fetchOrigin: 'http://mlflow.example:5000'
      },
      {
        kind: 'other-host',
        trackingUri: 'http://mlflow.example:5000',
        host: 'mlflow.example:5000',
        fetchOrigin: null
      }
    ];
    const refContent = contentOf(
      references,
      '127.0.0.1:5000',
      'mlflow.example:5000',
      'refused'
    );
    for (const state of states) {
      for (const refs of [references, references.slice(0, 1)]) {
        const { container: card } = render(
          withMarks(
            <TraceReferenceCard
              references={refs}
              state={state}
              onFetch={() => undefined}
              onRetry={() => undefined}
            />
          )
        );
        expectTranslated(card, refContent);
        cleanup();
      }
    }

    const marker = {
      [TRUNCATION_KEY]: true,
      original_size: 1_800_000,
      preview: 'the start of a long value'
    };
    for (const copy of [
      { kind: 'checking', host: '127.0.0.1:5000' },
      { kind: 'stored', host: '127.0.0.1:5000' },
      { kind: 'not-stored', host: '127.0.0.1:5000' },
      { kind: 'unknown', host: '127.0.0.1:5000', message: 'timed out' },
      { kind: 'not-asked', reason: 'logged to another server' },
      undefined
    ] as const) {
      const { container: note } = render(
        withMarks(
          <ServerCopyContext.Provider value={copy}>
            <ServerCopyNote state={copy} />
            <CappedValue value={marker} />
          </ServerCopyContext.Provider>
        )
      );
      expectTranslated(
        note,
        contentOf(
          marker,
          '127.0.0.1:5000',
          'timed out',
          'logged to another server'
        )
      );
      cleanup();
    }
  });

  it('in the sidebar: connection, store switch, experiments and traces', () => {
    const experiments = experimentsFromSearch(
      fixture('mlflow-3.17.2/experiments.search.json').payload
    ).experiments;
    const rest = fixture('mlflow-3.17.2/decorated.rest.json').payload as {
      search: unknown;
    };
    const summaries = summariesFromSearch(rest.search);
    const base = new SidebarModel({
      api: new FakeApi().api,
      frontendVersion: '0.1.0'
    }).getSnapshot();
    const listed = <T,>(items: T[]) => ({
      ...base.traces,
      items,
      loaded: true,
      loading: 'idle' as const,
      error: null
    });
    const states: ISidebarState[] = [
      {
        ...base,
        connection: { kind: 'ok', status: STATUS_OK },
        notebookStore: { uri: 'sqlite:///mlflow.db', kind: 'local' },
        experiments: { ...listed(experiments), error: 'page 2 failed' },
        selectedExperimentId: experiments[0].experimentId,
        selectedExperiment: experiments[0],
        followedExperimentId: experiments[0].experimentId,
        traces: { ...listed(summaries), loading: 'more' },
        marked: summaries.slice(0, 2)
      },
      {
        ...base,
        connection: { kind: 'unreachable', status: STATUS_DOWN },
        browsing: 'sqlite:///mlflow.db',
        notebookStore: { uri: 'http://other:5000', kind: 'http' },
        selectedExperimentId: '1',
        traces: { ...listed(summaries), refreshError: 'refused' }
      },
      {
        ...base,
        connection: { kind: 'ok', status: STATUS_OK },
        notebookStore: { uri: 'databricks', kind: 'unsupported' },
        experiments: listed([]),
        experimentQuery: { ...base.experimentQuery, search: 'zzz' },
        selectedExperimentId: '1',
        traces: listed([]),
        traceQuery: { ...base.traceQuery, text: 'zzz' }
      },
      {
        ...base,
        connection: { kind: 'ok', status: STATUS_OK },
        experiments: listed([]),
        selectedExperimentId: '1',
        traces: listed([]),
        waitingForTraces: true
      },
      {
        ...base,
        connection: {
          kind: 'error',
          message: 'install it',
          missingServerExtension: true
        }
      }
    ];
    const sidebarContent = contentOf(
      experiments,
      summaries,
      STATUS_OK,
      STATUS_DOWN,
      ['sqlite:///mlflow.db', 'http://other:5000', 'databricks', 'zzz'],
      ['page 2 failed', 'refused', 'install it']
    );
    for (const state of states) {
      const { container } = render(
        withMarks(
          <SidebarView
            state={state}
            {...noSidebarCallbacks}
            onOpenSettings={() => undefined}
            onCompare={() => undefined}
          />
        )
      );
      expectTranslated(container, sidebarContent);
      cleanup();
    }
    for (const state of [
      { kind: 'loading' as const },
      { kind: 'error' as const, message: 'refused' }
    ]) {
      const { container } = render(
        withMarks(
          <TraceTabView
            traceId="tr-1"
            state={state}
            height={400}
            onRetry={() => undefined}
          />
        )
      );
      expectTranslated(container, contentOf('tr-1', 'refused'));
      cleanup();
    }
  });

  it('in the comparison: totals, matched spans and the selected pair', () => {
    const before = fixture('compare/before.trace.json').payload;
    const after = fixture('compare/after.trace.json').payload;
    const a = traceFromJson(before);
    const b = traceFromJson(after);
    const { container } = render(
      withMarks(
        <CompareView
          a={a}
          b={b}
          comparison={compareTraces(a, b)}
          sourceA="cell 3"
          sourceB="experiment 1"
          onSwap={() => undefined}
        />
      )
    );
    const compareContent = contentOf(
      before,
      after,
      'cell 3',
      'experiment 1',
      spanContent(a),
      spanContent(b)
    );
    expectTranslated(container, compareContent);
    const options = screen.getAllByRole('option');
    for (const option of options.slice(0, 6)) {
      fireEvent.click(option);
      expectTranslated(container, compareContent);
    }
  });
});
