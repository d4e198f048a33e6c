/**
 * Trace comparison on a REAL before/after pair (fixtures/compare/, made by the
 * mlflow SDK with fixtures/compare/generate_compare.py): the same agent, run
 * twice, with a rerank step added, a tool that failed now succeeding and
 * called twice, a longer prompt. Also REAL fixtures compared with themselves
 * and with each other. The sibling lists and texts of the last cases are
 * hand-written (labelled).
 */
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import { describe, expect, it } from 'vitest';

import { traceFromJson } from '../../trace';
import type { ITrace } from '../../types';
import { exactly } from '../../__tests__/fixtureFiles';
import {
  alignByName,
  compareTraces,
  diffLines,
  diffText,
  diffWords,
  matchSpans
} from '..';

const FIXTURES = resolve(__dirname, '../../../../fixtures');

function fixture(path: string): ITrace {
  const doc = exactly(readFileSync(join(FIXTURES, path), 'utf8'));
  return traceFromJson(doc.payload);
}

const before = () => fixture('compare/before.trace.json');
const after = () => fixture('compare/after.trace.json');

describe('matchSpans (real before/after pair)', () => {
  it('pairs spans by path: an added step and a repeated tool call are added, the rest matched in order', () => {
    const rows = matchSpans(before(), after());
    expect(rows.map(r => [r.kind, r.path, r.depth])).toEqual([
      ['matched', 'agent', 0],
      ['matched', 'agent/retrieve', 1],
      ['added', 'agent/rerank', 1],
      ['matched', 'agent/lookup[1]', 1],
      ['added', 'agent/lookup[2]', 1],
      ['matched', 'agent/call_llm', 1]
    ]);
  });

  it('the other way round, the same spans are removed', () => {
    const rows = matchSpans(after(), before());
    expect(rows.filter(r => r.kind === 'removed').map(r => r.path)).toEqual([
      'agent/rerank',
      'agent/lookup[2]'
    ]);
    expect(rows.filter(r => r.kind === 'added')).toEqual([]);
  });

  it('a trace compared with itself matches every span to itself (5,281 spans)', () => {
    const large = fixture('mlflow-3.17.2/large.trace.json');
    const rows = matchSpans(large, large);
    expect(rows).toHaveLength(large.spans.length);
    expect(rows.every(r => r.kind === 'matched' && r.a === r.b)).toBe(true);
  });

  it('two unrelated traces share nothing: every span is removed or added, subtrees included', () => {
    const a = fixture('mlflow-3.17.2/decorated.trace.json');
    const b = fixture('mlflow-3.17.2/langchain.trace.json');
    const rows = matchSpans(a, b);
    expect(rows.filter(r => r.kind === 'removed')).toHaveLength(a.spans.length);
    expect(rows.filter(r => r.kind === 'added')).toHaveLength(b.spans.length);
  });
});

describe('compareTraces (real before/after pair)', () => {
  it('reports the status change, the changed prompt and the token and cost deltas of the model call', () => {
    const a = before();
    const b = after();
    const c = compareTraces(a, b);
    const lookup = c.rows.find(r => r.path === 'agent/lookup[1]')!;
    expect([lookup.statusA, lookup.statusB, lookup.statusChanged]).toEqual([
      'ERROR',
      'OK',
      true
    ]);
    const llm = c.rows.find(r => r.path === 'agent/call_llm')!;
    expect(llm.inputsChanged).toBe(true);
    expect(llm.outputsChanged).toBe(true);
    const spanA = a.spans[llm.a!];
    const spanB = b.spans[llm.b!];
    expect(llm.tokens).toEqual({
      a: spanA.tokenUsage!.totalTokens,
      b: spanB.tokenUsage!.totalTokens,
      delta: spanB.tokenUsage!.totalTokens! - spanA.tokenUsage!.totalTokens!
    });
    expect(llm.tokens.delta).toBeGreaterThan(0);
    expect(llm.cost.delta).toBeCloseTo(
      spanB.cost!.totalCost! - spanA.cost!.totalCost!,
      12
    );
    expect(llm.latency.delta).toBeCloseTo(
      spanB.durationMs! - spanA.durationMs!,
      9
    );
    const retrieve = c.rows.find(r => r.path === 'agent/retrieve')!;
    expect(retrieve.changed).toBe(false);
    expect(retrieve.tokens.delta).toBeNull();
  });

  it('totals come from the traces: latency, tokens, cost, spans, errors, state', () => {
    const a = before();
    const b = after();
    const c = compareTraces(a, b);
    expect(c.totals.spans).toEqual({ a: 4, b: 6, delta: 2 });
    expect(c.totals.errors).toEqual({ a: 1, b: 0, delta: -1 });
    expect(c.totals.tokens.delta).toBe(
      b.tokenUsage!.totalTokens! - a.tokenUsage!.totalTokens!
    );
    expect(c.totals.cost.a).toBe(a.cost!.totalCost);
    expect(c.totals.latency.delta).toBeCloseTo(
      b.durationMs! - a.durationMs!,
      9
    );
    expect(c.counts).toEqual({ matched: 4, added: 2, removed: 0, changed: 3 });
  });

  it('the prompt diff shows the words that changed and keeps the rest', () => {
    const c = compareTraces(before(), after());
    const llm = c.rows.find(r => r.path === 'agent/call_llm')!;
    const promptA = (before().spans[llm.a!].inputs as any).prompt as string;
    const promptB = (after().spans[llm.b!].inputs as any).prompt as string;
    const ops = diffText(promptA, promptB);
    expect(
      ops
        .filter(o => o.kind !== 'added')
        .map(o => o.text)
        .join('')
    ).toBe(promptA);
    expect(
      ops
        .filter(o => o.kind !== 'removed')
        .map(o => o.text)
        .join('')
    ).toBe(promptB);
    expect(ops.find(o => o.kind === 'added')?.text).toContain(
      'careful assistant'
    );
    // The dropped document is removed; the words around it are kept.
    expect(
      ops.some(
        o =>
          o.kind === 'same' &&
          o.text.includes('Context: Paris is the capital of France.')
      )
    ).toBe(true);
    expect(
      ops
        .filter(o => o.kind === 'removed')
        .map(o => o.text)
        .join('')
    ).toContain('France is in Europe.');
  });
});

describe('alignByName and the diff (hand-written lists and texts)', () => {
  it('a removed middle step shifts nothing after it', () => {
    expect(alignByName(['a', 'b', 'c', 'd'], ['a', 'c', 'd'])).toEqual([
      [0, 0],
      [1, null],
      [2, 1],
      [3, 2]
    ]);
  });

  it('repeated names pair in order; the extra one is added', () => {
    expect(alignByName(['t', 't'], ['t', 't', 't'])).toEqual([
      [0, 0],
      [1, 1],
      [null, 2]
    ]);
  });

  it('past the table size, the k-th of a name pairs with the k-th', () => {
    const a = Array.from({ length: 1500 }, (_, i) => `s${i % 7}`);
    const b = ['new', ...a];
    const pairs = alignByName(a, b);
    expect(pairs.filter(([i, j]) => i !== null && j !== null)).toHaveLength(
      1500
    );
    expect(pairs.filter(([i]) => i === null)).toEqual([[null, 0]]);
  });

  it('a word diff marks only the changed word', () => {
    expect(diffWords('the cat sat', 'the dog sat')).toEqual([
      { kind: 'same', text: 'the ' },
      { kind: 'removed', text: 'cat' },
      { kind: 'added', text: 'dog' },
      { kind: 'same', text: ' sat' }
    ]);
  });

  it('identical texts are one unchanged run; empty against text is all added', () => {
    expect(diffLines('a\nb\n', 'a\nb\n')).toEqual([
      { kind: 'same', text: 'a\nb\n' }
    ]);
    expect(diffLines('', 'x\ny')).toEqual([{ kind: 'added', text: 'x\ny' }]);
  });
});
