/**
 * Hostile and malformed input. Data-driven over the hand-written cases in
 * fixtures/hostile/*.json, plus generated cases too big to commit
 * (50,000-span chains, a 10 MB value).
 */
import { readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { describe, expect, it } from 'vitest';

import {
  DATABRICKS_TRACE_MIME,
  ITrace,
  MLFLOW_TRACE_MIME,
  parseMimeBundle,
  ParseResult,
  traceFromJson,
  traceFromRest,
  TraceParseError
} from '../index';

const HOSTILE_DIR = resolve(__dirname, '../../../fixtures/hostile');

interface IHostileCase {
  name: string;
  kind: 'trace' | 'bundle' | 'rest';
  payload: unknown;
  info?: unknown;
  expect: Record<string, any>;
}

interface IHostileFile {
  hand_written: boolean;
  why: string;
  cases: IHostileCase[];
}

const files = readdirSync(HOSTILE_DIR)
  .filter(f => f.endsWith('.json'))
  .sort();

function byName(trace: ITrace, name: string) {
  const span = trace.spans.find(s => s.name === name);
  expect(span, `span named ${name}`).toBeDefined();
  return span!;
}

function getPath(obj: any, path: string): unknown {
  // Attribute keys contain dots (`mlflow.spanType`): only the first dot splits.
  const dot = path.indexOf('.');
  if (dot < 0) {
    return obj[path];
  }
  return obj[path.slice(0, dot)]?.[path.slice(dot + 1)];
}

function checkTrace(trace: ITrace, e: Record<string, any>): void {
  // Structural invariants hold for every trace, however broken the input.
  expect(trace.spans.every((s, i) => s.index === i)).toBe(true);
  for (const s of trace.spans) {
    if (s.parentIndex >= 0) {
      expect(s.parentIndex).toBeLessThan(s.index);
      expect(trace.spans[s.parentIndex].childIndices).toContain(s.index);
      expect(s.depth).toBe(trace.spans[s.parentIndex].depth + 1);
    } else {
      expect(trace.rootIndices).toContain(s.index);
      expect(s.depth).toBe(0);
    }
  }
  if (e.unique_ids) {
    expect(new Set(trace.spans.map(s => s.id)).size).toBe(trace.spans.length);
  }
  if (e.span_count !== undefined) {
    expect(trace.spans.length).toBe(e.span_count);
  }
  if (e.trace_count !== undefined) {
    // Only meaningful for bundles; checked by the caller.
  }
  if (e.trace_id !== undefined) {
    expect(trace.traceId).toBe(e.trace_id);
  }
  if (e.experiment_id !== undefined) {
    expect(trace.experimentId).toBe(e.experiment_id);
  }
  if (e.name !== undefined) {
    expect(trace.name).toBe(e.name);
  }
  if (e.state !== undefined) {
    expect(trace.state).toBe(e.state);
  }
  if (e.max_depth !== undefined) {
    expect(trace.maxDepth).toBe(e.max_depth);
  }
  if (e.time_issue_count !== undefined) {
    expect(trace.timeIssueCount).toBe(e.time_issue_count);
    expect(trace.spans.filter(s => s.timeIssue).length).toBe(
      e.time_issue_count
    );
  }
  if ('duration_ms' in e) {
    expect(trace.durationMs).toBe(e.duration_ms);
  }
  if ('trace_time_issue' in e) {
    expect(trace.timeIssue ?? null).toBe(e.trace_time_issue);
  }
  // Impossible durations are flagged, never kept or clamped.
  for (const s of trace.spans) {
    if (s.durationMs !== null) {
      expect(Number.isFinite(s.durationMs) && s.durationMs >= 0).toBe(true);
    }
  }
  if (trace.durationMs !== null) {
    expect(trace.durationMs).toBeGreaterThanOrEqual(0);
  }
  if (e.error_span_count !== undefined) {
    expect(trace.errorSpanCount).toBe(e.error_span_count);
  }
  if (e.root_names !== undefined) {
    expect(trace.rootIndices.map(i => trace.spans[i].name)).toEqual(
      e.root_names
    );
  }
  if (e.parents !== undefined) {
    for (const [child, parent] of Object.entries(e.parents)) {
      const span = byName(trace, child);
      const actual =
        span.parentIndex < 0 ? null : trace.spans[span.parentIndex].name;
      expect(actual, `parent of ${child}`).toBe(parent);
    }
  }
  if (e.warnings_include !== undefined) {
    for (const w of e.warnings_include) {
      expect(
        trace.warnings.some(x => x.includes(w)),
        `a warning mentioning "${w}" in ${JSON.stringify(trace.warnings)}`
      ).toBe(true);
    }
  }
  if (e.warnings_count !== undefined) {
    expect(trace.warnings).toHaveLength(e.warnings_count);
  }
  if (e.metadata !== undefined) {
    for (const [k, v] of Object.entries(e.metadata)) {
      expect(trace.metadata[k], `metadata ${k}`).toEqual(v);
    }
  }
  if (e.tags !== undefined) {
    for (const [k, v] of Object.entries(e.tags)) {
      expect(trace.tags[k], `tag ${k}`).toEqual(v);
    }
  }
  if (e.span_fields !== undefined) {
    for (const [name, fields] of Object.entries(
      e.span_fields as Record<string, any>
    )) {
      const span = byName(trace, name);
      for (const [path, v] of Object.entries(fields)) {
        expect(getPath(span, path), `${name}.${path}`).toEqual(v);
      }
    }
  }
  if (e.event_times_ms !== undefined) {
    for (const [name, times] of Object.entries(
      e.event_times_ms as Record<string, any>
    )) {
      const actual = byName(trace, name).events.map(ev =>
        ev.timeMs === null ? null : Math.round(ev.timeMs)
      );
      expect(actual).toEqual(times);
    }
  }
  if (e.exceptions !== undefined) {
    for (const [name, excs] of Object.entries(
      e.exceptions as Record<string, any>
    )) {
      expect(byName(trace, name).exceptions).toMatchObject(excs);
    }
  }
  if (e.chat !== undefined) {
    for (const [name, contents] of Object.entries(
      e.chat as Record<string, any>
    )) {
      expect(byName(trace, name).chat?.messages.map(m => m.content)).toEqual(
        contents
      );
    }
  }
}

function checkBundle(result: ParseResult, e: Record<string, any>): void {
  expect(result.kind).toBe(e.result);
  if (result.kind === 'error') {
    if (e.error_code) {
      expect(result.error.code).toBe(e.error_code);
    }
    if (e.error_message) {
      expect(result.error.message).toBe(e.error_message);
    }
    if (e.error_message_includes) {
      expect(result.error.message).toContain(e.error_message_includes);
    }
  }
  if (result.kind === 'references') {
    if (e.references) {
      expect(result.references).toEqual(e.references);
    }
    if ('tracking_uri' in e) {
      expect(result.trackingUri ?? null).toBe(e.tracking_uri);
    }
  }
  if (result.kind === 'traces') {
    if (e.trace_count !== undefined) {
      expect(result.traces).toHaveLength(e.trace_count);
    }
    if ('tracking_uri' in e) {
      expect(result.trackingUri ?? null).toBe(e.tracking_uri);
    }
    checkTrace(result.traces[0], e);
  }
}

function thrownCode(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(TraceParseError);
    return (err as TraceParseError).code;
  }
}

describe.each(files)('hostile fixture %s', file => {
  const doc = JSON.parse(
    readFileSync(join(HOSTILE_DIR, file), 'utf8')
  ) as IHostileFile;

  it('is labelled as hand-written', () => {
    expect(doc.hand_written).toBe(true);
    expect(typeof doc.why).toBe('string');
    expect(doc.why.length).toBeGreaterThan(10);
    expect(Array.isArray(doc.cases) && doc.cases.length > 0).toBe(true);
  });

  it.each(doc.cases.map(c => [c.name, c] as const))('%s', (_name, c) => {
    const e = c.expect;
    expect(e, 'every hostile case states what it expects').toBeTruthy();
    switch (c.kind) {
      case 'trace': {
        if (e.throws) {
          expect(thrownCode(() => traceFromJson(c.payload))).toBe(e.throws);
          // The bundle path must turn the same input into an error, not throw.
          const viaBundle = parseMimeBundle({
            [MLFLOW_TRACE_MIME]: { version: 2, traces: [c.payload] }
          });
          expect(viaBundle.kind).toBe('error');
          return;
        }
        checkTrace(traceFromJson(c.payload), e);
        // Same trace through our envelope (both versions) and the Databricks payload.
        for (const bundle of [
          { [MLFLOW_TRACE_MIME]: { version: 1, traces: [c.payload] } },
          { [MLFLOW_TRACE_MIME]: { version: 2, traces: [c.payload] } },
          { [DATABRICKS_TRACE_MIME]: JSON.stringify(c.payload) }
        ]) {
          const result = parseMimeBundle(bundle);
          expect(result.kind).toBe('traces');
          if (result.kind === 'traces') {
            checkTrace(result.traces[0], e);
          }
        }
        return;
      }
      case 'rest': {
        if (e.throws) {
          expect(thrownCode(() => traceFromRest(c.info, c.payload))).toBe(
            e.throws
          );
          return;
        }
        checkTrace(traceFromRest(c.info, c.payload), e);
        return;
      }
      case 'bundle': {
        checkBundle(parseMimeBundle(c.payload as Record<string, unknown>), e);
        return;
      }
      default:
        throw new Error(
          `hostile case "${c.name}" has unknown kind ${String(c.kind)}`
        );
    }
  });
});

// ---------------------------------------------------------------------------
// Generated cases (too big to commit).

function chainSpans(
  n: number,
  opts: { base64?: boolean; reverse?: boolean } = {}
): unknown[] {
  const t0 = 1_700_000_000_000_000_000n;
  const spans: unknown[] = [];
  const id = (i: number) => (i + 1).toString(16).padStart(16, '0');
  for (let i = 0; i < n; i++) {
    spans.push({
      trace_id: 'tr-0123456789abcdef0123456789abcdef',
      span_id: id(i),
      parent_span_id: i === 0 ? null : id(i - 1),
      name: `step-${i}`,
      start_time_unix_nano: String(t0 + BigInt(i) * 1000n),
      end_time_unix_nano: String(t0 + BigInt(2 * n - i) * 1000n),
      attributes: {
        'mlflow.spanType': '"CHAIN"',
        'mlflow.spanInputs': `{"i": ${i}}`
      },
      status: {
        code: i === n - 1 ? 'STATUS_CODE_ERROR' : 'STATUS_CODE_OK',
        message: ''
      }
    });
  }
  return opts.reverse ? spans.reverse() : spans;
}

describe('generated stress cases', () => {
  it('parses a 50,000-span deep chain without recursion', () => {
    const n = 50_000;
    // Through JSON text so ids are the flat strings a real payload has.
    const payload = JSON.parse(
      JSON.stringify({
        info: { trace_id: 'tr-0123456789abcdef0123456789abcdef', state: 'OK' },
        data: { spans: chainSpans(n, { reverse: true }) }
      })
    );
    const trace = traceFromJson(payload);
    expect(trace.spans).toHaveLength(n);
    expect(trace.maxDepth).toBe(n - 1);
    expect(trace.rootIndices).toEqual([0]);
    expect(trace.spans[n - 1].name).toBe(`step-${n - 1}`);
    expect(trace.spans[n - 1].depth).toBe(n - 1);
    expect(trace.errorSpanCount).toBe(1);
    expect(trace.warnings).toEqual([]);
  });

  it('parses a 50,000-span wide trace through the bundle entry point', () => {
    const n = 50_000;
    const spans = chainSpans(n).map((s: any, i) => ({
      ...s,
      parent_span_id: i === 0 ? '' : (1).toString(16).padStart(16, '0')
    }));
    const text = JSON.stringify({
      version: 1,
      traces: [{ info: { trace_id: 'tr-1' }, data: { spans } }]
    });
    const result = parseMimeBundle({ [MLFLOW_TRACE_MIME]: text });
    expect(result.kind).toBe('traces');
    if (result.kind === 'traces') {
      expect(result.traces[0].spans).toHaveLength(n);
      expect(result.traces[0].maxDepth).toBe(1);
      expect(result.traces[0].spans[0].childIndices).toHaveLength(n - 1);
    }
  });

  it('breaks a 50,000-span cycle and caps the warnings', () => {
    const n = 50_000;
    const spans = chainSpans(n) as any[];
    spans[0].parent_span_id = spans[n - 1].span_id;
    const trace = traceFromJson({ info: {}, data: { spans } });
    expect(trace.spans).toHaveLength(n);
    expect(trace.rootIndices).toHaveLength(1);
    expect(trace.spans[0].name).toBe('step-0');
    expect(trace.warnings.filter(w => w.startsWith('cycle'))).toHaveLength(1);
  });

  it('caps repair warnings when every span is broken', () => {
    const n = 50_000;
    const spans = Array.from({ length: n }, (_, i) => ({
      span_id: '<redacted>',
      parent_span_id: '<redacted>',
      name: `s${i}`,
      start_time_unix_nano: i
    }));
    const trace = traceFromJson({ info: {}, data: { spans } });
    expect(trace.spans).toHaveLength(n);
    expect(new Set(trace.spans.map(s => s.id)).size).toBe(n);
    expect(trace.warnings.length).toBeLessThan(40);
    expect(trace.warnings.some(w => w.includes('more not listed'))).toBe(true);
  });

  it('keeps a 10 MB single value intact, decoded once, not copied', () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const spans = [
      {
        span_id: 'aaaaaaaaaaaaaaaa',
        parent_span_id: null,
        name: 'big',
        start_time_unix_nano: 1,
        end_time_unix_nano: 2,
        attributes: {
          'mlflow.spanInputs': JSON.stringify({ blob: big }),
          raw: big
        },
        status: { code: 'OK' }
      }
    ];
    const trace = traceFromJson({ info: {}, data: { spans } });
    const span = trace.spans[0];
    expect((span.inputs as any).blob.length).toBe(big.length);
    expect(span.inputs).toBe(span.attributes['mlflow.spanInputs']);
    expect(span.attributes.raw).toBe(big);
  });

  it('parses a 10 MB Databricks payload string', () => {
    const big = 'y'.repeat(10 * 1024 * 1024);
    const payload = JSON.stringify({
      info: { trace_id: 'tr-big' },
      data: {
        spans: [
          {
            span_id: 'aaaaaaaaaaaaaaaa',
            name: 'big',
            start_time_unix_nano: 1,
            attributes: { v: JSON.stringify(big) }
          }
        ]
      }
    });
    const result = parseMimeBundle({ [DATABRICKS_TRACE_MIME]: payload });
    expect(result.kind).toBe('traces');
    if (result.kind === 'traces') {
      expect(result.traces[0].spans[0].attributes.v).toBe(big);
    }
  });

  it('never throws on random garbage anywhere in a trace', () => {
    const garbage: unknown[] = [
      null,
      undefined,
      0,
      -1,
      NaN,
      '',
      'x',
      '{',
      '[]',
      true,
      [],
      [null],
      {},
      { spans: 5 },
      { toString: 3 },
      Object.create(null)
    ];
    const keys = [
      'info',
      'data',
      'spans',
      'trace_info',
      'attributes',
      'events',
      'status',
      'span_id',
      'parent_span_id',
      'start_time_unix_nano',
      'name',
      'inputs',
      'outputs',
      'trace_metadata',
      'tags',
      'assessments'
    ];
    for (const g of garbage) {
      for (const k of keys) {
        const span: any = {
          span_id: 'aaaaaaaaaaaaaaaa',
          name: 'n',
          start_time_unix_nano: 1,
          attributes: {},
          [k]: g
        };
        const info: any = { trace_id: 'tr-1', [k]: g };
        for (const payload of [
          { info, data: { spans: [span] } },
          { info: { trace_id: 'tr-1' }, data: { spans: [span], [k]: g } },
          { [k]: g }
        ]) {
          for (const mime of [
            MLFLOW_TRACE_MIME,
            DATABRICKS_TRACE_MIME,
            'text/html'
          ]) {
            const value =
              mime === MLFLOW_TRACE_MIME
                ? { version: 1, traces: [payload] }
                : payload;
            expect(() => parseMimeBundle({ [mime]: value })).not.toThrow();
          }
          expect(() =>
            parseMimeBundle({
              [MLFLOW_TRACE_MIME]: g,
              [DATABRICKS_TRACE_MIME]: g,
              'text/html': g
            })
          ).not.toThrow();
        }
      }
    }
  });

  it('does not follow prototype keys in payloads', () => {
    const text =
      '{"info": {"trace_id": "tr-1", "tags": {"__proto__": {"polluted": "yes"}}, "trace_metadata": {"constructor": "c"}}, "data": {"spans": [{"span_id": "aaaaaaaaaaaaaaaa", "name": "__proto__", "attributes": {"__proto__": "\\"x\\""}}]}}';
    const result = parseMimeBundle({ [DATABRICKS_TRACE_MIME]: text });
    expect(result.kind).toBe('traces');
    expect(({} as any).polluted).toBeUndefined();
    if (result.kind === 'traces') {
      const t = result.traces[0];
      // Kept as plain data, not turned into prototypes.
      expect(Object.getPrototypeOf(t.tags)).toBe(Object.prototype);
      expect(Object.keys(t.tags)).toEqual(['__proto__']);
      expect(t.tags['__proto__']).toBe('{"polluted":"yes"}');
      expect(t.metadata.constructor).toBe('c');
      expect(Object.keys(t.spans[0].attributes)).toEqual(['__proto__']);
      expect(t.spans[0].name).toBe('__proto__');
    }
  });
});
