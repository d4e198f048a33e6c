/**
 * Trace times from span timestamps, over every real MLflow fixture
 * (fixtures/mlflow-<version>/). The trace info has whole milliseconds only
 * (and a start rounded down); the spans have nanoseconds. The trace's start,
 * end and duration must come from the spans.
 *
 * Exactness: the fixture files hold the integers MLflow wrote, but JSON.parse
 * rounds integers beyond 2^53 (epoch nanoseconds) to 256 ns steps. `exactly`
 * quotes them first, as the kernel hook's envelope version 2 does, so the
 * model sees the same exact values a saved notebook carries.
 */
import { readFileSync } from 'fs';
import { relative, resolve } from 'path';
import { describe, expect, it } from 'vitest';

import { traceFromJson, traceFromRest, type ITrace } from '../index';
import { exactly, realFixtureFiles } from './fixtureFiles';

const FIXTURES =
  process.env.MLFLOW_FIXTURES_DIR ?? resolve(__dirname, '../../../fixtures');

interface IRawTimes {
  start: bigint;
  end: bigint;
  root: boolean;
}

/** Every span's times straight from the payload (not through the model). */
function rawTimes(spans: any[]): IRawTimes[] {
  return spans.map(s => ({
    // MLflow 3 spans (OTel names) and MLflow 2 spans (start_time, parent_id).
    start: BigInt(s.start_time_unix_nano ?? s.start_time),
    end: BigInt(s.end_time_unix_nano ?? s.end_time),
    root: !(s.parent_span_id ?? s.parent_id)
  }));
}

const NS_PER_MS = 1_000_000n;
/** Traces whose single root encloses every span (header = root row). */
let rootEqualsTrace = 0;

function checkTimes(trace: ITrace, spans: any[], where: string): void {
  const raw = rawTimes(spans);
  expect(raw.length, where).toBeGreaterThan(0);
  const minStart = raw.reduce(
    (m, r) => (r.start < m ? r.start : m),
    raw[0].start
  );
  const maxEnd = raw.reduce((m, r) => (r.end > m ? r.end : m), raw[0].end);
  const exactMs = Number(maxEnd - minStart) / 1e6;

  expect(trace.durationPrecision, where).toBe('ns');
  expect(trace.durationMs, `${where}: duration`).toBe(exactMs);
  // The timeline's origin: the earliest span start, as the nearest double to
  // its exact milliseconds (a start 67 ns before a millisecond boundary rounds
  // up to it: fixtures/chat/…/anthropic.trace.json).
  expect(trace.startMs, `${where}: start`).toBe(
    Number(minStart / NS_PER_MS) + Number(minStart % NS_PER_MS) / 1e6
  );
  expect(trace.startMs, `${where}: start is the earliest span`).toBe(
    Math.min(...trace.spans.map(s => s.startMs))
  );

  // A single root that encloses every span: the header equals the root.
  const roots = raw.filter(r => r.root);
  if (
    roots.length === 1 &&
    roots[0].start === minStart &&
    roots[0].end === maxEnd
  ) {
    const root = trace.spans[trace.rootIndices[0]];
    expect(trace.durationMs, `${where}: trace = root span`).toBe(
      root.durationMs
    );
    rootEqualsTrace++;
  }
}

const asList = (v: unknown): any[] => (Array.isArray(v) ? v : [v]);

describe('trace times come from span timestamps (real MLflow fixtures)', () => {
  const files = realFixtureFiles(FIXTURES);
  let checked = 0;
  for (const path of files) {
    const name = relative(FIXTURES, path);
    const doc = exactly(readFileSync(path, 'utf8'));
    if (doc.kind === 'trace') {
      it(name, () => {
        for (const [i, p] of asList(doc.payload).entries()) {
          checkTimes(traceFromJson(p), p.data.spans, `${name} #${i}`);
          checked++;
        }
      });
    } else if (doc.kind === 'rest' && doc.payload.artifact !== undefined) {
      it(name, () => {
        const many = Array.isArray(doc.expected.traces)
          ? doc.expected.traces.length > 1
          : false;
        const infos = many ? doc.payload.info : [doc.payload.info];
        const artifacts = many ? doc.payload.artifact : [doc.payload.artifact];
        artifacts.forEach((artifact: any, i: number) => {
          const trace = traceFromRest(infos[i], artifact);
          checkTimes(trace, artifact.spans, `${name} #${i}`);
          checked++;
        });
      });
    }
  }

  it('checked traces from every MLflow version', () => {
    expect(checked).toBeGreaterThanOrEqual(files.length / 2);
    expect(rootEqualsTrace).toBeGreaterThan(checked / 2);
  });

  it('the info would have been wrong: whole milliseconds, start rounded down', () => {
    const path = resolve(FIXTURES, 'mlflow-3.17.2/decorated.trace.json');
    const doc = exactly(readFileSync(path, 'utf8'));
    const trace = traceFromJson(doc.payload);
    const info = doc.payload.info;
    const infoStart = Date.parse(info.request_time);
    expect(Number.isInteger(info.execution_duration_ms)).toBe(true);
    // The spans start after the info's rounded-down start…
    expect(trace.startMs!).toBeGreaterThan(infoStart);
    // …and their duration is not a whole number of milliseconds.
    expect(Number.isInteger(trace.durationMs)).toBe(false);
    expect(
      Math.abs(trace.durationMs! - info.execution_duration_ms)
    ).toBeLessThan(1);
  });
});

describe('trace info alone (no spans) keeps its milliseconds', () => {
  it('uses the info and says so', () => {
    const path = resolve(FIXTURES, 'mlflow-3.17.2/decorated.trace.json');
    const doc = exactly(readFileSync(path, 'utf8'));
    const trace = traceFromJson({
      info: doc.payload.info,
      data: { spans: [] }
    });
    expect(trace.durationPrecision).toBe('ms');
    expect(trace.durationMs).toBe(doc.payload.info.execution_duration_ms);
    expect(trace.startMs).toBe(Date.parse(doc.payload.info.request_time));
  });
});
