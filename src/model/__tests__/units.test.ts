/**
 * Unit tests of the small modules. Inputs are HAND-WRITTEN from the formats
 * described in shared/reference/mlflow-traces.md; real payloads are covered
 * by fixtures.test.ts.
 */
import { describe, expect, it } from 'vitest';

import { attributesToRecord, otelAnyValue } from '../attributes';
import { parseMimeBundle } from '../bundle';
import {
  eventTimeToMs,
  nanosToMs,
  normalizeSpanId,
  normalizeTraceId,
  parseDurationMs,
  parseTimestampMs
} from '../ids';
import { parseRendererSrc, unescapeHtml } from '../iframe';
import { summaryFromInfo } from '../info';
import { coerceBundleText, decodeAttribute } from '../json';
import { parseSpan } from '../spans';
import { traceFromJson, traceFromRest } from '../trace';
import { DATABRICKS_TRACE_MIME, MLFLOW_TRACE_MIME } from '../types';
import { spanTokenUsage } from '../usage';

describe('ids', () => {
  it.each([
    ['0x2b657e6df6573f0f', '2b657e6df6573f0f'],
    ['2B657E6DF6573F0F', '2b657e6df6573f0f'],
    ['K2V+bfZXPw8=', '2b657e6df6573f0f'],
    ['K2V-bfZXPw8', '2b657e6df6573f0f'],
    // Base64 that starts with 0X (seen in fixtures/chat/…/autogen.trace.json).
    ['0XWPE4J5PXQ=', 'd1758f1382793d74'],
    ['Ed2/P11vtn3Ikm5RAbfUUQ==', '11ddbf3f5d6fb67dc8926e5101b7d451'],
    ['', null],
    [null, null],
    ['0000000000000000', null],
    ['AAAAAAAAAAA=', null],
    ['<redacted>', '<redacted>'],
    ['custom-id', 'custom-id']
  ])('normalizeSpanId(%j) = %j', (raw, want) => {
    expect(normalizeSpanId(raw)).toBe(want);
  });

  it('keeps tr- and Unity Catalog trace ids verbatim', () => {
    expect(normalizeTraceId('tr-ABC')).toBe('tr-ABC');
    expect(
      normalizeTraceId('trace:/cat.sch.tbl/0123456789abcdef0123456789abcdef')
    ).toBe('trace:/cat.sch.tbl/0123456789abcdef0123456789abcdef');
    expect(normalizeTraceId('Ed2/P11vtn3Ikm5RAbfUUQ==')).toBe(
      '11ddbf3f5d6fb67dc8926e5101b7d451'
    );
  });

  it('keeps sub-millisecond precision of 19-digit nanosecond strings', () => {
    const ms = nanosToMs('1795290026641298473')!;
    expect(Math.floor(ms)).toBe(1795290026641);
    expect(ms - 1795290026641).toBeCloseTo(0.298473, 3);
    expect(nanosToMs(1_700_000_000_000_000_000)).toBe(1_700_000_000_000);
    expect(nanosToMs('abc')).toBeNull();
  });

  it('reads microsecond event times next to nanosecond spans', () => {
    const start = 1_700_000_000_000;
    expect(eventTimeToMs(1_700_000_000_050_000, start)).toBe(start + 50);
    expect(eventTimeToMs(1_700_000_000_050_000_000, start)).toBeCloseTo(
      start + 50,
      2
    );
    expect(eventTimeToMs(1_700_000_000_050_000, null)).toBe(start + 50);
  });

  it.each([
    ['32.583s', 32583],
    ['0.5s', 500],
    ['12ms', 12],
    [37, 37],
    ['abc', null],
    [null, null]
  ])('parseDurationMs(%j) = %j', (raw, want) => {
    expect(parseDurationMs(raw)).toBe(want);
  });

  it('parses RFC 3339 with any fraction and offsets', () => {
    expect(parseTimestampMs('2026-11-21T19:40:26.641Z')).toBe(
      Date.UTC(2026, 10, 21, 19, 40, 26, 641)
    );
    expect(parseTimestampMs('2026-11-21T19:40:26.641123456Z')).toBeCloseTo(
      Date.UTC(2026, 10, 21, 19, 40, 26, 641) + 0.123456,
      5
    );
    expect(parseTimestampMs('2026-11-21T20:40:26+01:00')).toBe(
      Date.UTC(2026, 10, 21, 19, 40, 26)
    );
    expect(parseTimestampMs(1700000000000)).toBe(1700000000000);
    expect(parseTimestampMs('garbage')).toBeNull();
  });
});

describe('json', () => {
  it('decodes MLflow-encoded values and falls back to raw', () => {
    expect(decodeAttribute('"LLM"')).toBe('LLM');
    expect(decodeAttribute('0.5')).toBe(0.5);
    expect(decodeAttribute('{"a": 1}')).toEqual({ a: 1 });
    expect(decodeAttribute('plain text')).toBe('plain text');
    expect(decodeAttribute('{broken')).toBe('{broken');
    expect(decodeAttribute('12345678901234567890')).toBe(
      '12345678901234567890'
    );
    const obj = { a: 1 };
    expect(decodeAttribute(obj)).toBe(obj);
  });

  it('joins nbformat line lists but keeps lists of ids', () => {
    expect(coerceBundleText(['{"trace_id":', ' "tr-1"}'])).toBe(
      '{"trace_id": "tr-1"}'
    );
    expect(coerceBundleText(['tr-1', 'tr-2'])).toEqual(['tr-1', 'tr-2']);
  });
});

describe('attributes', () => {
  it('reads OTel KeyValue lists of every AnyValue kind', () => {
    const rec = attributesToRecord([
      { key: 'mlflow.spanType', value: { string_value: '"LLM"' } },
      { key: 'n', value: { int_value: '42' } },
      { key: 'big', value: { int_value: '9223372036854775807' } },
      { key: 'd', value: { double_value: 0.5 } },
      { key: 'b', value: { bool_value: true } },
      {
        key: 'arr',
        value: {
          array_value: { values: [{ string_value: 'x' }, { int_value: 1 }] }
        }
      },
      {
        key: 'kv',
        value: {
          kvlist_value: { values: [{ key: 'k', value: { string_value: 'v' } }] }
        }
      },
      { key: 'bytes', value: { bytes_value: 'aGVsbG8=' } },
      { key: 'camel', value: { stringValue: 'raw' } },
      'junk'
    ]);
    expect(rec).toEqual({
      'mlflow.spanType': 'LLM',
      n: 42,
      big: '9223372036854775807',
      d: 0.5,
      b: true,
      arr: ['x', 1],
      kv: { k: 'v' },
      bytes: 'hello',
      camel: 'raw'
    });
    expect(otelAnyValue(null)).toBeNull();
  });
});

describe('spans', () => {
  it('reads an old v2 span with top-level inputs/outputs and status object', () => {
    const span = parseSpan({
      name: 'old',
      context: { span_id: '0x00000000000000aa', trace_id: '0x1' },
      parent_span_id: '0x00000000000000bb',
      span_type: 'LLM',
      start_time: 1_000_000,
      end_time: 3_000_000,
      status: { status_code: 'ERROR', description: 'bad' },
      inputs: '{"q": 1}',
      outputs: { a: 2 },
      attributes: {},
      events: []
    });
    expect(span).toMatchObject({
      id: '00000000000000aa',
      parentId: '00000000000000bb',
      spanType: 'LLM',
      status: 'ERROR',
      statusMessage: 'bad',
      startMs: 1,
      endMs: 3,
      inputs: { q: 1 },
      outputs: { a: 2 }
    });
  });

  it('reads an OTel proto JSON span', () => {
    const span = parseSpan({
      trace_id: 'Ed2/P11vtn3Ikm5RAbfUUQ==',
      span_id: 'K2V+bfZXPw8=',
      parent_span_id: '',
      name: 'otel',
      kind: 'SPAN_KIND_CLIENT',
      start_time_unix_nano: '1700000000000000000',
      end_time_unix_nano: '1700000000005000000',
      attributes: [
        { key: 'mlflow.spanInputs', value: { string_value: '{"x": 1}' } }
      ],
      status: { code: 'STATUS_CODE_OK' }
    });
    expect(span).toMatchObject({
      id: '2b657e6df6573f0f',
      parentId: null,
      traceId: '11ddbf3f5d6fb67dc8926e5101b7d451',
      kind: 'SPAN_KIND_CLIENT',
      startMs: 1_700_000_000_000,
      endMs: 1_700_000_000_005,
      inputs: { x: 1 },
      status: 'OK'
    });
  });
});

describe('usage', () => {
  it('reads each usage spelling', () => {
    expect(
      spanTokenUsage(
        { 'mlflow.chat.tokenUsage': { input_tokens: 1, output_tokens: 2 } },
        null
      )
    ).toEqual({
      inputTokens: 1,
      outputTokens: 2,
      totalTokens: 3
    });
    expect(
      spanTokenUsage(
        { 'gen_ai.usage.input_tokens': 5, 'gen_ai.usage.output_tokens': '6' },
        null
      )
    ).toEqual({
      inputTokens: 5,
      outputTokens: 6,
      totalTokens: 11
    });
    expect(
      spanTokenUsage(
        {},
        { usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }
      )
    ).toEqual({
      inputTokens: 1,
      outputTokens: 1,
      totalTokens: 2
    });
    expect(spanTokenUsage({}, { usage: 'x' })).toBeNull();
  });

  it('does not double count nested spans when summing', () => {
    const usage = (n: number) =>
      `{"input_tokens": ${n}, "output_tokens": 0, "total_tokens": ${n}}`;
    const span = (id: string, parent: string | null, u?: string) => ({
      span_id: id.repeat(16),
      parent_span_id: parent ? parent.repeat(16) : null,
      name: id,
      start_time_unix_nano: 1,
      attributes: u ? { 'mlflow.chat.tokenUsage': u } : {}
    });
    const trace = traceFromJson({
      info: {},
      data: {
        spans: [
          span('a', null),
          span('b', 'a', usage(10)),
          span('c', 'b', usage(10)),
          span('d', 'a', usage(5))
        ]
      }
    });
    expect(trace.tokenUsage?.totalTokens).toBe(15);
  });

  it('prefers trace-level usage metadata', () => {
    const trace = traceFromJson({
      info: {
        trace_metadata: {
          'mlflow.trace.tokenUsage':
            '{"input_tokens": 1, "output_tokens": 2, "total_tokens": 3}'
        }
      },
      data: { spans: [] }
    });
    expect(trace.tokenUsage).toEqual({
      inputTokens: 1,
      outputTokens: 2,
      totalTokens: 3
    });
  });
});

describe('trace info and REST', () => {
  const v3Rest = {
    trace_id: 'tr-0123456789abcdef0123456789abcdef',
    trace_location: {
      type: 'MLFLOW_EXPERIMENT',
      mlflow_experiment: { experiment_id: '12' }
    },
    request_time: '2025-01-01T00:00:00.5Z',
    execution_duration: '32.583s',
    state: 'ERROR',
    trace_metadata: { 'mlflow.trace.tokenUsage': '{"total_tokens": 7}' },
    tags: { 'mlflow.traceName': 'agent' },
    request_preview: '{"q": "x"}',
    response_preview: '"y"',
    assessments: [
      {
        assessment_id: 'a-1',
        assessment_name: 'correct',
        trace_id: 'tr-0123456789abcdef0123456789abcdef',
        span_id: '2b657e6df6573f0f',
        source: { source_type: 'HUMAN', source_id: 'me' },
        feedback: { value: true },
        rationale: 'looks right'
      },
      {
        assessment_id: 'a-2',
        assessment_name: 'expected',
        expectation: {
          serialized_value: {
            serialization_format: 'JSON_FORMAT',
            value: '{"k": 1}'
          }
        }
      }
    ]
  };

  it('summarizes a v3 REST info in every wrapper', () => {
    for (const wrapped of [
      v3Rest,
      { trace_info: v3Rest },
      { trace: { trace_info: v3Rest } }
    ]) {
      const s = summaryFromInfo(wrapped);
      expect(s).toMatchObject({
        traceId: 'tr-0123456789abcdef0123456789abcdef',
        experimentId: '12',
        name: 'agent',
        state: 'ERROR',
        startMs: Date.UTC(2025, 0, 1, 0, 0, 0, 500),
        durationMs: 32583,
        requestPreview: '{"q": "x"}',
        responsePreview: '"y"',
        tokenUsage: { totalTokens: 7 }
      });
    }
  });

  it('summarizes a v2 REST info with key/value lists', () => {
    const s = summaryFromInfo({
      trace_info: {
        request_id: 'tr-abc',
        experiment_id: '0',
        timestamp_ms: 1700000000000,
        execution_time_ms: 12,
        status: 'TRACE_STATUS_UNSPECIFIED',
        request_metadata: [{ key: 'mlflow.traceInputs', value: '{"a": 1}' }],
        tags: [{ key: 'mlflow.traceName', value: 'n' }]
      }
    });
    expect(s).toMatchObject({
      traceId: 'tr-abc',
      experimentId: '0',
      state: 'UNSPECIFIED',
      startMs: 1700000000000,
      durationMs: 12,
      name: 'n',
      requestPreview: '{"a":1}'
    });
  });

  it('builds a trace from info + artifact spans, with assessments', () => {
    const t = traceFromRest(
      { trace: { trace_info: v3Rest } },
      JSON.stringify({
        spans: [
          {
            span_id: 'K2V+bfZXPw8=',
            name: 'root',
            start_time_unix_nano: 1,
            status: { code: 'STATUS_CODE_ERROR' }
          }
        ]
      })
    );
    expect(t.spans[0].id).toBe('2b657e6df6573f0f');
    expect(t.assessments).toEqual([
      {
        id: 'a-1',
        name: 'correct',
        spanId: '2b657e6df6573f0f',
        sourceType: 'HUMAN',
        value: true,
        rationale: 'looks right',
        kind: 'feedback'
      },
      { id: 'a-2', name: 'expected', value: { k: 1 }, kind: 'expectation' }
    ]);
    expect(t.state).toBe('ERROR');
  });

  it('builds a trace from a traces/get body alone', () => {
    const body = {
      trace: {
        trace_info: v3Rest,
        spans: [
          {
            trace_id: 'ASNFZ4mrze8BI0VniavN7w==',
            span_id: 'K2V+bfZXPw8=',
            name: 'root',
            start_time_unix_nano: '1735689600500000000',
            end_time_unix_nano: '1735689633083000000',
            attributes: [
              { key: 'mlflow.spanType', value: { string_value: '"AGENT"' } }
            ],
            status: { code: 'STATUS_CODE_OK' },
            kind: 'SPAN_KIND_INTERNAL'
          }
        ]
      }
    };
    for (const t of [
      traceFromRest(null, body),
      traceFromRest(v3Rest, body),
      traceFromJson(body)
    ]) {
      expect(t.traceId).toBe('tr-0123456789abcdef0123456789abcdef');
      expect(t.spans).toHaveLength(1);
      expect(t.spans[0].spanType).toBe('AGENT');
    }
  });
});

describe('bundle', () => {
  const iframe = (src: string) =>
    `<div><button>Collapse MLflow Trace</button><iframe id="trace-renderer" style="width: 100%" src="${src}"></iframe></div>`;

  it('reads every pair of MLflow iframe query params', () => {
    const r = parseMimeBundle({
      'text/html': iframe(
        'http://127.0.0.1:5000/static-files/lib/notebook-trace-renderer/index.html?trace_id=tr-a&amp;experiment_id=1&amp;trace_id=tr-b&amp;experiment_id=2&amp;version=3.4.0&amp;workspace=w'
      ),
      'text/plain': 'Trace(trace_id=tr-a)'
    });
    expect(r).toEqual({
      kind: 'references',
      references: [
        { traceId: 'tr-a', experimentId: '1' },
        { traceId: 'tr-b', experimentId: '2' }
      ],
      trackingUri: 'http://127.0.0.1:5000',
      mimeType: 'text/html'
    });
  });

  it('keeps a base path before /static-files/', () => {
    expect(
      parseRendererSrc(
        'https://h/proxy/mlflow/static-files/lib/notebook-trace-renderer/index.html?trace_id=x'
      )
    ).toEqual({
      trackingUri: 'https://h/proxy/mlflow',
      references: [{ traceId: 'x' }]
    });
    expect(unescapeHtml('a&amp;b&#x3D;&#61;&lt;&bogus;')).toBe('a&b==<&bogus;');
  });

  it.each([
    [
      'JSON string id',
      '"tr-606b0000000000000000000000000000"',
      [{ traceId: 'tr-606b0000000000000000000000000000' }]
    ],
    [
      'list of ids',
      '["tr-1", "tr-2"]',
      [{ traceId: 'tr-1' }, { traceId: 'tr-2' }]
    ],
    [
      '3.x object',
      '{"trace_id": "tr-1", "sql_warehouse_id": null}',
      [{ traceId: 'tr-1', sqlWarehouseId: null }]
    ],
    [
      'Unity Catalog',
      '[{"trace_id": "trace:/cat.sch.tbl/0123456789abcdef0123456789abcdef", "sql_warehouse_id": "wh1"}]',
      [
        {
          traceId: 'trace:/cat.sch.tbl/0123456789abcdef0123456789abcdef',
          sqlWarehouseId: 'wh1'
        }
      ]
    ],
    [
      'nbformat line list',
      ['{"trace_id":', ' "tr-1", "sql_warehouse_id": null}'],
      [{ traceId: 'tr-1', sqlWarehouseId: null }]
    ],
    [
      'parsed list of ids',
      ['tr-1', 'tr-2'],
      [{ traceId: 'tr-1' }, { traceId: 'tr-2' }]
    ]
  ])('reads a Databricks %s', (_label, value, refs) => {
    expect(parseMimeBundle({ [DATABRICKS_TRACE_MIME]: value })).toEqual({
      kind: 'references',
      references: refs,
      mimeType: DATABRICKS_TRACE_MIME
    });
  });

  it('reads a Databricks full trace and a list of them', () => {
    const t = { info: { request_id: 'tr-1' }, data: { spans: [] } };
    const one = parseMimeBundle({ [DATABRICKS_TRACE_MIME]: JSON.stringify(t) });
    const two = parseMimeBundle({
      [DATABRICKS_TRACE_MIME]: JSON.stringify([t, t])
    });
    expect(one.kind === 'traces' && one.traces.map(x => x.traceId)).toEqual([
      'tr-1'
    ]);
    expect(two.kind === 'traces' && two.traces.length).toBe(2);
  });

  it('prefers our envelope over the others', () => {
    const r = parseMimeBundle({
      [MLFLOW_TRACE_MIME]: {
        version: 1,
        traces: [{ info: { trace_id: 'tr-env' }, data: { spans: [] } }],
        tracking_uri: 'http://k:5000',
        truncated: true
      },
      [DATABRICKS_TRACE_MIME]: '"tr-db"',
      'text/html': iframe(
        'http://x/static-files/lib/notebook-trace-renderer/index.html?trace_id=tr-html'
      )
    });
    expect(r.kind).toBe('traces');
    if (r.kind === 'traces') {
      expect(r.mimeType).toBe(MLFLOW_TRACE_MIME);
      expect(r.trackingUri).toBe('http://k:5000');
      expect(r.traces[0].traceId).toBe('tr-env');
      expect(r.traces[0].warnings.some(w => w.startsWith('truncated'))).toBe(
        true
      );
    }
  });
});

describe('envelope version 2: exact nanoseconds', () => {
  // The same saved output text, as version 1 (JSON numbers) and version 2
  // (decimal strings) would hold it. Hand-written times.
  const start = '1764000000123456789';
  const end = '1764000000124294689'; // 837,900 ns later
  const text = (quote: string) =>
    `{"version": ${quote === '"' ? 2 : 1}, "traces": [{"info": {"trace_id": "tr-1"},` +
    ' "data": {"spans": [{"span_id": "aaaaaaaaaaaaaaaa", "name": "root",' +
    ` "start_time_unix_nano": ${quote}${start}${quote},` +
    ` "end_time_unix_nano": ${quote}${end}${quote}}]}}]}`;
  const durationOf = (envelopeText: string) => {
    const r = parseMimeBundle({ [MLFLOW_TRACE_MIME]: envelopeText });
    expect(r.kind).toBe('traces');
    return r.kind === 'traces' ? r.traces[0].spans[0].durationMs : undefined;
  };

  it('reads decimal-string nanoseconds exactly', () => {
    expect(durationOf(text('"'))).toBe(0.8379);
  });

  it('version 1 numbers are rounded by JSON.parse, which is why version 2 exists', () => {
    expect(BigInt(JSON.parse(start))).not.toBe(BigInt(start));
    const v1 = durationOf(text(''));
    expect(v1).not.toBe(0.8379);
    expect(v1).toBeCloseTo(0.8379, 3);
  });

  it('accepts versions 1 and 2 and refuses newer ones', () => {
    const env = (version: number) => ({
      [MLFLOW_TRACE_MIME]: {
        version,
        traces: [{ info: { trace_id: 'tr-1' }, data: { spans: [] } }]
      }
    });
    expect(parseMimeBundle(env(1)).kind).toBe('traces');
    expect(parseMimeBundle(env(2)).kind).toBe('traces');
    const r = parseMimeBundle(env(3));
    expect(r.kind === 'error' && r.error.code).toBe('unsupported-version');
  });
});
