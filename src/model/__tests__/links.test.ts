/**
 * Span links on REAL traces (fixtures/links, made by generate_links.py under
 * mlflow 3.17.2 against a real tracking server): MLflow's JSON, the same
 * trace in the embedded envelope, and the server's traces/get answer (OTel
 * proto JSON, base64 ids). Hand-written hostile links are labelled as such.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { describe, expect, it } from 'vitest';

import { parseMimeBundle } from '../bundle';
import { linkTarget, parseSpanLinks } from '../links';
import { traceFromJson, traceFromRest } from '../trace';
import { ITrace, MLFLOW_TRACE_MIME } from '../types';
import { exactly } from './fixtureFiles';

const read = (name: string) =>
  exactly(
    readFileSync(resolve(__dirname, '../../../fixtures/links', name), 'utf8')
  );
const linked = read('span-links.trace.json');
const upstream = traceFromJson(read('upstream.trace.json').payload);
const fromJson = traceFromJson(linked.payload);

function fromEnvelope(): ITrace {
  const result = parseMimeBundle({
    [MLFLOW_TRACE_MIME]: { version: 2, traces: [linked.payload] }
  });
  if (result.kind !== 'traces') {
    throw new Error(`not traces: ${result.kind}`);
  }
  return result.traces[0];
}

const fromRest = traceFromRest(
  null,
  read('traces-get/span-links.json').payload
);

const span = (trace: ITrace, name: string) =>
  trace.spans.find(s => s.name === name)!;

describe.each([
  ['MLflow JSON', fromJson],
  ['embedded envelope', fromEnvelope()],
  ['traces/get (OTel proto JSON)', fromRest]
])('span links from %s', (_shape, trace) => {
  it('a link inside the trace leads to the linked span', () => {
    const links = span(trace, 'reserve').links!;
    expect(links).toHaveLength(1);
    expect(links[0].attributes).toEqual({ uses: 'results' });
    const target = linkTarget(trace, links[0]);
    expect(target).toEqual({
      kind: 'span',
      spanIndex: span(trace, 'search').index
    });
  });

  it('a link to another trace names that trace as MLflow does (tr-…)', () => {
    const links = span(trace, 'executor').links!;
    expect(links).toHaveLength(1);
    expect(links[0].attributes).toEqual({
      'link.kind': 'follows_from',
      reason: 'plan to execute'
    });
    expect(linkTarget(trace, links[0])).toEqual({
      kind: 'trace',
      traceId: upstream.traceId
    });
    // The linked span is the upstream trace's "plan".
    expect(links[0].spanId).toBe(span(upstream, 'plan').id);
  });

  it('spans without links have none', () => {
    expect(span(trace, 'search').links).toBeUndefined();
  });
});

describe('span links: hostile and odd input (hand-written)', () => {
  it('keeps what it can and drops garbage', () => {
    const links = parseSpanLinks([
      null,
      'x',
      {},
      { trace_id: '<img src=x onerror=alert(1)>', span_id: 7 },
      {
        traceId: '0123456789ABCDEF0123456789abcdef',
        spanId: '0x00000000000000ff'
      }
    ]);
    expect(links).toEqual([
      { traceId: '<img src=x onerror=alert(1)>', spanId: '7', attributes: {} },
      {
        traceId: 'tr-0123456789abcdef0123456789abcdef',
        spanId: '00000000000000ff',
        attributes: {}
      }
    ]);
    expect(parseSpanLinks({ links: [] })).toEqual([]);
  });

  it('a link to a span this trace does not hold says so', () => {
    const target = linkTarget(fromJson, {
      traceId: fromJson.traceId,
      spanId: 'ffffffffffffffff',
      attributes: {}
    });
    expect(target).toEqual({ kind: 'missing-span' });
  });
});
