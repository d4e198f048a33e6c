import { describe, expect, it } from 'vitest';
import { computeFilter, EMPTY_FILTER, spanTypeCounts } from '../state/filter';
import {
  capText,
  escapeInvisibleInJson,
  formatCost,
  formatDuration,
  mlflowTraceUrl,
  revealInvisible,
  revealInvisibleText,
  safeHttpUrl
} from '../state/format';
import {
  asDocumentList,
  cappedPrettyJson,
  fullJson,
  isLongText
} from '../state/json';
import { SpanSearchIndex, cappedText, splitMatches } from '../state/search';
import {
  ANCESTOR,
  HIDDEN,
  MATCH,
  ancestorsOf,
  computeVisibleRows,
  expandAll,
  expandedToDepth,
  siblingPositions,
  timeDomain,
  withAncestorsExpanded
} from '../state/tree';
import { bigTrace, makeTrace, sampleTrace, T0 } from './helpers';

const names = (t: ReturnType<typeof sampleTrace>, rows: number[]) =>
  rows.map(i => t.spans[i].name);

describe('visible rows', () => {
  it('shows only roots when nothing is expanded', () => {
    const t = sampleTrace();
    expect(names(t, computeVisibleRows(t, new Set()))).toEqual(['agent']);
  });

  it('follows the default expand depth', () => {
    const t = sampleTrace();
    const rows = computeVisibleRows(t, expandedToDepth(t, 1));
    expect(names(t, rows)).toEqual([
      'agent',
      'plan',
      'search_docs',
      'calculator'
    ]);
    const rows2 = computeVisibleRows(t, expandedToDepth(t, 2));
    expect(names(t, rows2)).toEqual([
      'agent',
      'plan',
      'chat',
      'search_docs',
      'calculator',
      'parse'
    ]);
  });

  it('expand all shows every span in pre-order', () => {
    const t = bigTrace(5000);
    const rows = computeVisibleRows(t, expandAll(t));
    expect(rows.length).toBe(5000);
    expect(rows.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
  });

  it('survives cycles and bad child indices', () => {
    const t = makeTrace([{ name: 'a' }, { name: 'b', parent: 0 }]);
    t.spans[1].childIndices.push(0, 1, 99, -3); // corrupt on purpose
    const rows = computeVisibleRows(t, new Set([0, 1]));
    expect(names(t, rows)).toEqual(['a', 'b']);
  });

  it('derives roots when rootIndices is empty', () => {
    const t = makeTrace([{ name: 'a' }, { name: 'b', parent: 0 }]);
    t.rootIndices = [];
    expect(names(t, computeVisibleRows(t, new Set()))).toEqual(['a']);
  });

  it('expands ancestors of a span', () => {
    const t = sampleTrace();
    expect(ancestorsOf(t, 5)).toEqual([4, 0]);
    const ex = withAncestorsExpanded(t, new Set(), [5]);
    expect([...ex].sort()).toEqual([0, 4]);
    expect(names(t, computeVisibleRows(t, ex))).toContain('parse');
  });

  it('computes the rows of 50,000 expanded spans', () => {
    const t = bigTrace(50_000);
    const rows = computeVisibleRows(t, expandAll(t));
    expect(rows.length).toBe(50_000);
  });

  it('sibling positions and time domain', () => {
    const t = sampleTrace();
    const { pos, size } = siblingPositions(t);
    expect([pos[4], size[4]]).toEqual([3, 3]);
    expect([pos[0], size[0]]).toEqual([1, 1]);
    expect(timeDomain(t)).toEqual([T0, T0 + 100]);
    const empty = makeTrace([], { startMs: null, endMs: null });
    expect(timeDomain(empty)).toEqual([0, 1]);
  });
});

describe('filters', () => {
  it('errors only keeps error spans and their ancestors (dimmed)', () => {
    const t = sampleTrace();
    const m = computeFilter(t, { ...EMPTY_FILTER, errorsOnly: true })!;
    expect(m.matchCount).toBe(1);
    expect(m.keep[4]).toBe(MATCH);
    expect(m.keep[0]).toBe(ANCESTOR);
    expect(m.keep[1]).toBe(HIDDEN);
    expect(m.keep[5]).toBe(HIDDEN);
    const rows = computeVisibleRows(t, expandAll(t), m);
    expect(names(t, rows)).toEqual(['agent', 'calculator']);
  });

  it('type filter hides unchecked types but keeps ancestors', () => {
    const t = sampleTrace();
    const m = computeFilter(t, {
      ...EMPTY_FILTER,
      hiddenTypes: new Set(['AGENT', 'CHAIN', 'RETRIEVER', 'TOOL', 'PARSER']),
      showExceptions: false
    })!;
    const rows = computeVisibleRows(t, expandAll(t), m);
    expect(names(t, rows)).toEqual(['agent', 'plan', 'chat']);
    expect(m.keep[1]).toBe(ANCESTOR);
  });

  it('no filter → null', () => {
    expect(computeFilter(sampleTrace(), EMPTY_FILTER)).toBeNull();
  });

  it('counts span types', () => {
    const counts = spanTypeCounts(bigTrace(70));
    expect(counts.map(c => c.type).sort()).toEqual(['FUNCTION', 'LLM']);
  });
});

describe('search', () => {
  it('finds names, inputs, outputs and attributes case-insensitively', () => {
    const t = sampleTrace();
    const idx = new SpanSearchIndex(t);
    expect(idx.find('CALC')).toEqual([2, 4]);
    expect(idx.find('zerodivision')).toEqual([4]);
    // The retriever's query, and the chat's tool description (MLflow's mlflow.chat.tools attribute).
    expect(idx.find('arithmetic')).toEqual([2, 3]);
    expect(idx.find('TWO PLUS')).toEqual([3]);
    expect(idx.find('temperature')).toEqual([0]);
    expect(idx.find('   ')).toEqual([]);
  });

  it('restricts to filtered spans', () => {
    const t = sampleTrace();
    const m = computeFilter(t, { ...EMPTY_FILTER, errorsOnly: true });
    expect(new SpanSearchIndex(t).find('2+2', m)).toEqual([4]);
  });

  it('caps per-span text so huge values stay cheap', () => {
    const huge = 'x'.repeat(5_000_000) + 'needle';
    const t = makeTrace([{ name: 'big', inputs: huge }]);
    const idx = new SpanSearchIndex(t);
    expect(idx.find('needle')).toEqual([]);
    expect(idx.text(0).length).toBeLessThanOrEqual(100_000);
  });

  it('cappedText walks nested values and stops at the cap', () => {
    expect(cappedText({ a: [1, 'two'], b: { c: true } }, 1000)).toBe(
      'a\n1\ntwo\nb\nc\ntrue'
    );
    expect(cappedText({ a: 'x'.repeat(50) }, 10).length).toBeLessThanOrEqual(
      10
    );
    const cyc: Record<string, unknown> = { a: 1 };
    cyc.self = cyc;
    expect(cappedText(cyc, 100)).toContain('a');
  });

  it('splits text for highlighting', () => {
    expect(splitMatches('Hello hello', 'HELLO')).toEqual([
      '',
      'Hello',
      ' ',
      'hello',
      ''
    ]);
    expect(splitMatches('abc', '')).toEqual(['abc']);
  });
});

describe('format and links', () => {
  it('formats durations and costs', () => {
    // Span timestamps (nanoseconds): three significant digits.
    expect(formatDuration(0.413)).toBe('413 µs');
    expect(formatDuration(0.0413)).toBe('41.3 µs');
    expect(formatDuration(0.000_001)).toBe('1 ns');
    expect(formatDuration(0.5)).toBe('500 µs');
    expect(formatDuration(5)).toBe('5.00 ms');
    expect(formatDuration(64.6)).toBe('64.6 ms');
    expect(formatDuration(276.4)).toBe('276 ms');
    // Rounding up crosses into the next unit.
    expect(formatDuration(0.9996)).toBe('1.00 ms');
    expect(formatDuration(999.6)).toBe('1.00 s');
    expect(formatDuration(1500)).toBe('1.50 s');
    expect(formatDuration(59_960)).toBe('1 m 0 s');
    expect(formatDuration(125_000)).toBe('2 m 5 s');
    expect(formatDuration(3_599_999)).toBe('1 h 0 m');
    // Trace info and search results (whole milliseconds): no false precision.
    expect(formatDuration(0, 'ms')).toBe('< 1 ms');
    expect(formatDuration(1, 'ms')).toBe('1 ms');
    expect(formatDuration(64, 'ms')).toBe('64 ms');
    expect(formatDuration(12_345, 'ms')).toBe('12.3 s');
    expect(formatDuration(null)).toBe('—');
    // Never "0 ms" for an impossible value.
    expect(formatDuration(-5)).toBe('⚠ −5.00 ms');
    expect(formatDuration(-5, 'ms')).toBe('⚠ −5 ms');
    expect(formatDuration(Infinity)).toBe('—');
    expect(formatCost(0.0012)).toBe('$0.0012');
    expect(formatCost(1.5)).toBe('$1.50');
  });

  it('builds MLflow links only from http(s) URIs', () => {
    expect(mlflowTraceUrl('http://localhost:5000', '1', 'tr-1')).toBe(
      'http://localhost:5000/#/experiments/1?selectedTraceId=tr-1'
    );
    expect(mlflowTraceUrl('https://host/mlflow/', '7', 'tr-2')).toBe(
      'https://host/mlflow/#/experiments/7?selectedTraceId=tr-2'
    );
    expect(mlflowTraceUrl('https://user:pw@host/', '7', 'a&b')).toBe(
      'https://host/#/experiments/7?selectedTraceId=a%26b'
    );
    expect(mlflowTraceUrl('javascript:alert(1)', '1', 'x')).toBeNull();
    expect(mlflowTraceUrl('data:text/html,hi', '1', 'x')).toBeNull();
    expect(mlflowTraceUrl('sqlite:///mlflow.db', '1', 'x')).toBeNull();
    expect(mlflowTraceUrl('file:///tmp/mlruns', '1', 'x')).toBeNull();
    expect(mlflowTraceUrl('http://h', null, 'x')).toBeNull();
    expect(mlflowTraceUrl(undefined, '1', 'x')).toBeNull();
    expect(safeHttpUrl('not a url')).toBeNull();
  });

  it('caps text', () => {
    expect(capText('abcdef', 4)).toEqual({ text: 'abcd', rest: 2 });
  });
});

describe('json helpers', () => {
  it('pretty-prints with string caps and a total cap', () => {
    const out = cappedPrettyJson({ a: 'x'.repeat(30), b: [1, null] }, 10);
    expect(out.text).toContain('"xxxxxxxxxx"… (20 more characters)');
    expect(out.text).toContain('"b": [\n    1,\n    null\n  ]');
    const big = cappedPrettyJson(
      { list: new Array(10_000).fill('y') },
      10,
      1000
    );
    expect(big.truncated).toBe(true);
    expect(big.text.length).toBeLessThanOrEqual(1000);
  });

  it('matches JSON.stringify when nothing is capped', () => {
    const v = { a: [1, 2, { b: 'c"d' }], e: {}, f: [], g: null, h: true };
    expect(cappedPrettyJson(v).text).toBe(JSON.stringify(v, null, 2));
  });

  it('survives cycles', () => {
    const cyc: Record<string, unknown> = {};
    cyc.me = cyc;
    expect(cappedPrettyJson(cyc).text).toContain('[circular]');
    expect(fullJson(cyc)).toContain('[circular]');
  });

  it('detects documents and long text', () => {
    expect(asDocumentList([{ page_content: 'a' }])).not.toBeNull();
    expect(asDocumentList([{ page_content: 'a' }, { text: 'b' }])).toBeNull();
    expect(asDocumentList([])).toBeNull();
    expect(isLongText('a\nb')).toBe(true);
    expect(isLongText('short')).toBe(false);
  });
});

describe('revealInvisible (hand-written strings)', () => {
  it.each([
    ['bidi override', 'a\u202eb', 'a⟨U+202E⟩b'],
    [
      'bidi embeddings',
      '\u202a\u202b\u202c\u202d',
      '⟨U+202A⟩⟨U+202B⟩⟨U+202C⟩⟨U+202D⟩'
    ],
    [
      'isolates',
      '\u2066x\u2067\u2068\u2069',
      '⟨U+2066⟩x⟨U+2067⟩⟨U+2068⟩⟨U+2069⟩'
    ],
    [
      'zero width and marks',
      '\u200b\u200c\u200e\u200f',
      '⟨U+200B⟩⟨U+200C⟩⟨U+200E⟩⟨U+200F⟩'
    ],
    [
      'Arabic letter mark, BOM, word joiner',
      '\u061c\ufeff\u2060\u2064',
      '⟨U+061C⟩⟨U+FEFF⟩⟨U+2060⟩⟨U+2064⟩'
    ],
    [
      'C0, DEL and C1 controls',
      '\u0000\t\n\u001b\u007f\u0085\u009f',
      '⟨U+0000⟩⟨U+0009⟩⟨U+000A⟩⟨U+001B⟩⟨U+007F⟩⟨U+0085⟩⟨U+009F⟩'
    ],
    ['tag characters', 'hi\u{e0041}\u{e007f}', 'hi⟨U+E0041⟩⟨U+E007F⟩'],
    ['a lone ZWJ', 'a\u200db', 'a⟨U+200D⟩b'],
    ['an emoji ZWJ sequence (kept)', '👩\u200d💻 dev', '👩\u200d💻 dev'],
    ['plain text (kept)', 'Kyoto 京都 🌦 عربى', 'Kyoto 京都 🌦 عربى']
  ])('%s', (_label, text, shown) => {
    expect(revealInvisibleText(text)).toBe(shown);
  });

  it('marks which parts are codes', () => {
    expect(revealInvisible('x\u202ey')).toEqual([
      { text: 'x', invisible: false },
      { text: '⟨U+202E⟩', invisible: true },
      { text: 'y', invisible: false }
    ]);
  });

  it('escapes them in JSON text without changing the value', () => {
    const value = { 'k\u200b': 'a\u202eb\u0085\u{e0041}', n: [1, '\t'] };
    const text = JSON.stringify(value, null, 2);
    const shown = escapeInvisibleInJson(text);
    expect(shown).toContain('"k\\u200b"');
    expect(shown).toContain('"a\\u202eb\\u0085\\udb40\\udc41"');
    expect(shown.split('\n')).toHaveLength(text.split('\n').length);
    expect(JSON.parse(shown)).toEqual(value);
  });
});
