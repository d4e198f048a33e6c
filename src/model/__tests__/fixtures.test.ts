/**
 * Data-driven over every JSON fixture produced by the real MLflow SDK
 * (fixtures/mlflow-<version>/, see fixtures/README.md and
 * scripts/fixtures/generate_traces.py). Every payload goes through the
 * model's public entry points and is checked against the `expected` values
 * the generator computed from MLflow's own Python objects.
 *
 * A fixture (or an expected key) this suite does not know how to check
 * fails the suite.
 */
import { readFileSync } from 'fs';
import { relative, resolve } from 'path';
import { describe, expect, it } from 'vitest';

import {
  DATABRICKS_TRACE_MIME,
  experimentsFromSearch,
  ITrace,
  MLFLOW_TRACE_MIME,
  parseMimeBundle,
  ParseResult,
  summariesFromSearch,
  traceFromJson,
  traceFromRest
} from '../index';
import { realFixtureFiles } from './fixtureFiles';

// MLFLOW_FIXTURES_DIR points the suite at a freshly generated set.
const FIXTURES =
  process.env.MLFLOW_FIXTURES_DIR ?? resolve(__dirname, '../../../fixtures');

interface IFixture {
  fixture: string;
  mlflow_version: string;
  produced_by: unknown;
  kind: 'trace' | 'bundle' | 'rest';
  payload: any;
  expected: any;
}

/** Keys of `expected.traces[]` this suite checks; anything else fails. */
const TRACE_KEYS = new Set([
  'trace_id',
  'experiment_id',
  'span_count',
  'root_span_name',
  'root_span_id',
  'status',
  'error_span_count',
  'max_depth',
  'total_tokens',
  'exception_types',
  'exception_event_count',
  'span_names',
  'parents',
  'span_types',
  'error_span_ids',
  'span_name_counts',
  'span_type_counts',
  'depth_counts'
]);

function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/** Check one parsed trace against the generator's expectations. */
function checkTrace(
  trace: ITrace,
  exp: Record<string, any>,
  where: string
): void {
  for (const key of Object.keys(exp)) {
    expect(TRACE_KEYS.has(key), `${where}: unknown expected key "${key}"`).toBe(
      true
    );
  }
  expect(trace.traceId, `${where}: trace id`).toBe(exp.trace_id);
  expect(trace.experimentId, `${where}: experiment id`).toBe(exp.experiment_id);
  expect(trace.spans.length, `${where}: span count`).toBe(exp.span_count);
  expect(trace.state, `${where}: state`).toBe(exp.status);
  expect(trace.errorSpanCount, `${where}: error spans`).toBe(
    exp.error_span_count
  );
  expect(trace.maxDepth, `${where}: max depth`).toBe(exp.max_depth);
  // Real MLflow data needs no repairs.
  expect(trace.warnings, `${where}: warnings`).toEqual([]);

  if (exp.root_span_name !== null && exp.root_span_name !== undefined) {
    expect(trace.rootIndices, `${where}: one root`).toHaveLength(1);
    const root = trace.spans[trace.rootIndices[0]];
    expect(root.name, `${where}: root name`).toBe(exp.root_span_name);
    if (exp.root_span_id) {
      expect(root.id, `${where}: root id`).toBe(exp.root_span_id);
    }
    expect(trace.name, `${where}: trace name`).toBe(
      trace.tags['mlflow.traceName'] ?? root.name
    );
  }

  if (exp.total_tokens !== null && exp.total_tokens !== undefined) {
    expect(trace.tokenUsage?.totalTokens, `${where}: total tokens`).toBe(
      exp.total_tokens
    );
  } else {
    // MLflow recorded no trace-level usage; ours may only come from spans.
    expect(
      trace.metadata['mlflow.trace.tokenUsage'],
      `${where}: no usage metadata`
    ).toBeUndefined();
    if (trace.tokenUsage) {
      expect(
        trace.spans.some(s => s.tokenUsage),
        `${where}: usage from spans`
      ).toBe(true);
    }
  }

  const exceptions = trace.spans.flatMap(s => s.exceptions);
  expect(
    [...new Set(exceptions.map(e => e.type))].sort(),
    `${where}: exception types`
  ).toEqual(exp.exception_types);
  if (exp.exception_event_count !== undefined) {
    expect(exceptions.length, `${where}: exception events`).toBe(
      exp.exception_event_count
    );
  }

  const byId = new Map(trace.spans.map(s => [s.id, s]));
  if (exp.span_names) {
    expect([...byId.keys()].sort(), `${where}: span ids`).toEqual(
      Object.keys(exp.span_names).sort()
    );
    for (const [id, name] of Object.entries(exp.span_names)) {
      expect(byId.get(id)?.name, `${where}: name of ${id}`).toBe(name);
    }
  }
  if (exp.parents) {
    for (const [id, parent] of Object.entries(exp.parents)) {
      const span = byId.get(id);
      expect(span, `${where}: span ${id}`).toBeDefined();
      expect(span!.parentId, `${where}: parent of ${id}`).toBe(parent);
      const linked =
        span!.parentIndex < 0 ? null : trace.spans[span!.parentIndex].id;
      expect(linked, `${where}: tree parent of ${id}`).toBe(parent);
    }
  }
  if (exp.span_types) {
    for (const [id, type] of Object.entries(exp.span_types)) {
      expect(byId.get(id)?.spanType, `${where}: type of ${id}`).toBe(type);
    }
  }
  if (exp.error_span_ids) {
    expect(
      trace.spans
        .filter(s => s.status === 'ERROR')
        .map(s => s.id)
        .sort(),
      `${where}: error span ids`
    ).toEqual(exp.error_span_ids);
  }
  if (exp.span_name_counts) {
    expect(
      countBy(trace.spans, s => s.name),
      `${where}: name counts`
    ).toEqual(exp.span_name_counts);
  }
  if (exp.span_type_counts) {
    expect(
      countBy(trace.spans, s => s.spanType),
      `${where}: type counts`
    ).toEqual(exp.span_type_counts);
  }
  if (exp.depth_counts) {
    expect(
      countBy(trace.spans, s => String(s.depth)),
      `${where}: depth counts`
    ).toEqual(exp.depth_counts);
  }

  // Tree invariants, collected so a big trace costs one expect.
  const broken: string[] = [];
  for (const s of trace.spans) {
    const parent = s.parentIndex >= 0 ? trace.spans[s.parentIndex] : null;
    if (parent && (s.parentIndex >= s.index || s.depth !== parent.depth + 1)) {
      broken.push(`${s.id}: bad parent link or depth`);
    }
    for (let k = 1; k < s.childIndices.length; k++) {
      if (
        trace.spans[s.childIndices[k]].startMs <
        trace.spans[s.childIndices[k - 1]].startMs
      ) {
        broken.push(`${s.id}: children not sorted by start`);
      }
    }
  }
  expect(broken, `${where}: tree invariants`).toEqual([]);
}

/** The same trace read from two payload shapes gives the same spans. */
function sameSpans(a: ITrace, b: ITrace, where: string): void {
  // One deep comparison: per-field expects are slow on 5,000-span traces.
  const view = (t: ITrace) =>
    t.spans.map(s => ({
      id: s.id,
      parentIndex: s.parentIndex,
      name: s.name,
      spanType: s.spanType,
      status: s.status,
      statusMessage: s.statusMessage,
      startMs: s.startMs,
      endMs: s.endMs,
      inputs: s.inputs,
      outputs: s.outputs,
      attributes: s.attributes,
      events: s.events,
      exceptions: s.exceptions,
      chat: s.chat,
      tokenUsage: s.tokenUsage,
      cost: s.cost
    }));
  expect(view(a), where).toEqual(view(b));
}

function expectTraces(
  result: ParseResult,
  mime: string,
  where: string
): ITrace[] {
  expect(
    result.kind,
    `${where}: ${JSON.stringify(result.kind === 'error' ? result.error : result.kind)}`
  ).toBe('traces');
  if (result.kind !== 'traces') {
    return [];
  }
  expect(result.mimeType).toBe(mime);
  return result.traces;
}

function isHttpError(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    'status' in body &&
    'body' in body &&
    typeof (body as any).status === 'number'
  );
}

const asList = (v: unknown): any[] => (Array.isArray(v) ? v : [v]);

// ---------------------------------------------------------------------------

function checkTraceFixture(f: IFixture, counts: Record<string, number>): void {
  const payloads = asList(f.payload);
  const expected: any[] = f.expected.traces;
  expect(payloads.length).toBe(expected.length);

  payloads.forEach((p, i) => {
    checkTrace(traceFromJson(p), expected[i], `traceFromJson #${i}`);
    // Trace.to_json() is a string in real life.
    checkTrace(
      traceFromJson(JSON.stringify(p)),
      expected[i],
      `traceFromJson(string) #${i}`
    );
    counts.trace += 2;
  });

  const text = JSON.stringify(payloads.length === 1 ? payloads[0] : payloads);
  const viaDatabricks = expectTraces(
    parseMimeBundle({ [DATABRICKS_TRACE_MIME]: text }),
    DATABRICKS_TRACE_MIME,
    'databricks'
  );
  const viaEnvelope = expectTraces(
    parseMimeBundle({
      [MLFLOW_TRACE_MIME]: {
        version: 1,
        traces: payloads,
        tracking_uri: 'http://127.0.0.1:5000'
      },
      'text/html': '<b>fallback</b>'
    }),
    MLFLOW_TRACE_MIME,
    'envelope'
  );
  const viaEnvelopeString = expectTraces(
    parseMimeBundle({
      [MLFLOW_TRACE_MIME]: JSON.stringify({ version: 1, traces: payloads })
    }),
    MLFLOW_TRACE_MIME,
    'envelope string'
  );
  for (const [label, traces] of [
    ['databricks', viaDatabricks],
    ['envelope', viaEnvelope],
    ['envelope string', viaEnvelopeString]
  ] as const) {
    expect(traces.length).toBe(expected.length);
    traces.forEach((t, i) => checkTrace(t, expected[i], `${label} #${i}`));
    counts.trace += traces.length;
  }
}

function checkBundleFixture(f: IFixture, counts: Record<string, number>): void {
  const result = parseMimeBundle(f.payload);
  expect(result.kind, JSON.stringify(result)).toBe('references');
  if (result.kind !== 'references') {
    return;
  }
  const want: { trace_id: string; experiment_id?: string }[] =
    f.expected.references;
  expect(want.length).toBeGreaterThan(0);
  expect(result.references.map(r => r.traceId)).toEqual(
    want.map(r => r.trace_id)
  );
  result.references.forEach((r, i) => {
    // Databricks payloads carry no experiment id; the iframe does.
    if (r.experimentId !== undefined || result.mimeType === 'text/html') {
      expect(r.experimentId).toBe(want[i].experiment_id);
    }
  });
  if ('tracking_uri' in f.expected) {
    expect(result.trackingUri).toBe(f.expected.tracking_uri);
  }
  for (const key of Object.keys(f.expected)) {
    expect(
      ['references', 'tracking_uri'],
      `unknown expected key ${key}`
    ).toContain(key);
  }
  counts.bundle += 1;
}

function checkRestFixture(f: IFixture, counts: Record<string, number>): void {
  const p = f.payload;
  if (f.expected.experiments) {
    const page = experimentsFromSearch(p);
    for (const e of f.expected.experiments) {
      const found = page.experiments.find(
        x => x.experimentId === e.experiment_id
      );
      expect(found, `experiment ${e.experiment_id}`).toBeDefined();
      expect(found!.name).toBe(e.name);
    }
    counts.rest += 1;
    return;
  }

  const expected: any[] = f.expected.traces;
  expect(
    Array.isArray(expected),
    'rest fixture with neither traces nor experiments'
  ).toBe(true);
  const known = ['search', 'info', 'artifact', 'traces_get', 'batch_get'];
  for (const key of Object.keys(p)) {
    expect(known, `unknown REST payload key ${key}`).toContain(key);
  }
  const many = expected.length > 1;
  const at = (key: string, i: number) => (many ? p[key]?.[i] : p[key]);

  // Search results (no spans): summaries.
  expect(
    isHttpError(p.search),
    `search failed: ${JSON.stringify(p.search).slice(0, 300)}`
  ).toBe(false);
  const summaries = summariesFromSearch(p.search);
  for (const exp of expected) {
    const s = summaries.find(x => x.traceId === exp.trace_id);
    expect(s, `search result for ${exp.trace_id}`).toBeDefined();
    expect(s!.experimentId).toBe(exp.experiment_id);
    expect(s!.state).toBe(exp.status);
    if (exp.root_span_name) {
      expect(s!.name).toBe(s!.tags['mlflow.traceName'] ?? exp.trace_id);
    }
    if (exp.total_tokens !== null && exp.total_tokens !== undefined) {
      expect(s!.tokenUsage?.totalTokens).toBe(exp.total_tokens);
    }
    counts.rest += 1;
  }

  expected.forEach((exp, i) => {
    const info = at('info', i);
    const artifact = at('artifact', i);
    expect(
      isHttpError(info),
      `info failed: ${JSON.stringify(info).slice(0, 300)}`
    ).toBe(false);
    expect(
      isHttpError(artifact),
      `artifact failed: ${JSON.stringify(artifact).slice(0, 300)}`
    ).toBe(false);
    checkTrace(traceFromRest(info, artifact), exp, `info+artifact #${i}`);
    checkTrace(
      traceFromRest(info, JSON.stringify(artifact)),
      exp,
      `info+artifact text #${i}`
    );
    counts.rest += 2;

    const got = at('traces_get', i);
    if (got !== undefined && !isHttpError(got)) {
      const fromGet = traceFromRest(null, got);
      checkTrace(fromGet, exp, `traces/get #${i}`);
      checkTrace(traceFromRest(info, got), exp, `info+traces/get #${i}`);
      // OTel-shaped spans must read exactly like the artifact's MLflow spans.
      sameSpans(
        fromGet,
        traceFromRest(info, artifact),
        `traces/get vs artifact #${i}`
      );
      counts.rest += 3;
      counts.tracesGet += 1;
    }
    if (p.batch_get !== undefined && !isHttpError(p.batch_get)) {
      checkTrace(traceFromRest(info, p.batch_get), exp, `info+batchGet #${i}`);
      counts.rest += 1;
      counts.batchGet += 1;
    }
  });
}

// ---------------------------------------------------------------------------

const files = realFixtureFiles(FIXTURES);
const totals = { tracesGet: 0, batchGet: 0 };

describe('real MLflow fixtures', () => {
  it('exist for every MLflow version', () => {
    const versions = new Set(
      files.map(f => relative(FIXTURES, f).split('/')[0])
    );
    expect(
      [...versions].filter(v => v.startsWith('mlflow-')).length
    ).toBeGreaterThanOrEqual(1);
  });

  it.each(files.map(f => [relative(FIXTURES, f), f]))('%s', (_rel, path) => {
    const text = readFileSync(path, 'utf8');
    const f = JSON.parse(text) as IFixture;
    expect(f.expected, 'fixture without expected values').toBeTruthy();
    const counts = { trace: 0, bundle: 0, rest: 0, tracesGet: 0, batchGet: 0 };
    switch (f.kind) {
      case 'trace':
        checkTraceFixture(f, counts);
        break;
      case 'bundle':
        checkBundleFixture(f, counts);
        break;
      case 'rest':
        checkRestFixture(f, counts);
        break;
      default:
        throw new Error(
          `fixture ${f.fixture}: unknown kind ${String((f as any).kind)}`
        );
    }
    const checked = counts.trace + counts.bundle + counts.rest;
    expect(checked, 'no check ran on this fixture').toBeGreaterThan(0);
    totals.tracesGet += counts.tracesGet;
    totals.batchGet += counts.batchGet;
  });

  // Runs after the files above (tests in a file run in order).
  it('covered OTel-shaped traces/get and batchGet bodies somewhere', () => {
    expect(totals.tracesGet).toBeGreaterThan(0);
    expect(totals.batchGet).toBeGreaterThan(0);
  });
});
