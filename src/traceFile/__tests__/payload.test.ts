/**
 * Trace files read by the viewer's own parse: every shape of a real MLflow
 * trace (fixtures/, produced by the SDK and a real server) opens; anything
 * else says "not an MLflow trace: …" and never throws.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';

import { parseMimeBundle } from '../../model/bundle';
import { MLFLOW_TRACE_MIME } from '../../model/types';
import { realFixtureFiles } from '../../model/__tests__/fixtureFiles';
import {
  embeddedTraces,
  exportSource,
  fileErrorMessage,
  readTraceFile,
  traceFileName,
  traceFileText
} from '../payload';

const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures');

function fixture(path: string): any {
  return JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));
}

/** What the viewer shows for a file's text: span counts, or the error message. */
function open(text: string): number[] | string {
  const file = readTraceFile(text);
  if (!file.ok) {
    return file.message;
  }
  const result = parseMimeBundle(file.bundle);
  if (result.kind === 'traces') {
    return result.traces.map(t => t.spans.length);
  }
  return result.kind === 'error'
    ? fileErrorMessage(result.error.message)
    : result.kind;
}

const traceFixtures = realFixtureFiles(
  FIXTURES,
  name => !name.endsWith('.trace.json')
);

describe('trace files of every real MLflow version', () => {
  it('finds the Trace.to_json fixtures', () => {
    expect(traceFixtures.length).toBeGreaterThanOrEqual(3);
  });

  for (const path of traceFixtures) {
    const { payload: written, expected } = JSON.parse(
      readFileSync(path, 'utf8')
    );
    // One trace alone, or a list (one per trace) for several.
    const payload: unknown[] = Array.isArray(written) ? written : [written];
    const counts = (expected.traces as any[]).map(t => t.span_count);

    it(`${path.slice(FIXTURES.length + 1)}: each trace alone, as Trace.to_json() wrote it`, () => {
      payload.forEach((trace, i) => {
        expect(open(JSON.stringify(trace))).toEqual([counts[i]]);
      });
    });

    it(`${path.slice(FIXTURES.length + 1)}: all traces in one list`, () => {
      expect(open(JSON.stringify(payload))).toEqual(counts);
    });

    it(`${path.slice(FIXTURES.length + 1)}: exported and read back unchanged`, () => {
      const text = traceFileText([payload[0]]);
      expect(JSON.parse(text)).toEqual(payload[0]);
      expect(open(text)).toEqual([counts[0]]);
      expect(traceFileName([payload[0]])).toBe(
        `${(expected.traces[0] as any).trace_id}.mlflow-trace.json`
      );
    });
  }
});

describe('REST answers saved as files (MLflow 3.17.2 server)', () => {
  const { payload, expected } = fixture('mlflow-3.17.2/multi.rest.json');
  const counts = (expected.traces as any[]).map(t => t.span_count);

  it('opens a traces/get answer', () => {
    expect(
      open(JSON.stringify(payload.traces_get[0] ?? payload.traces_get))
    ).toEqual([counts[0]]);
  });

  it('opens a batchGet answer {traces: [...]}', () => {
    expect(open(JSON.stringify(payload.batch_get))).toEqual(counts);
  });
});

describe('files that are not traces', () => {
  const cases: [string, string][] = [
    ['not JSON at all', 'the file is not valid JSON'],
    ['"a string"', 'expected a trace object or a list of traces, got a string'],
    ['42', 'expected a trace object or a list of traces'],
    ['{"cells": [], "metadata": {}, "nbformat": 4}', ''],
    ['{"name": "package", "version": "1.0.0"}', ''],
    ['[]', ''],
    ['{"info": {"trace_id": "tr-1"}, "data": {"spans": "no"}}', '']
  ];
  for (const [text, detail] of cases) {
    it(`says why for ${text}`, () => {
      const shown = open(text);
      expect(typeof shown).toBe('string');
      expect(shown).toMatch(/^not an MLflow trace: /);
      expect(shown).toContain(detail);
    });
  }
});

describe('the traces an output embeds', () => {
  const traces = fixture('mlflow-3.17.2/multi.trace.json').payload;

  it('are the envelope entries, as the kernel wrote them', () => {
    const data = {
      [MLFLOW_TRACE_MIME]: { version: 1, traces: [JSON.stringify(traces[0])] }
    };
    const found = embeddedTraces(data);
    expect(found).toEqual([JSON.stringify(traces[0])]);
    // A trace kept as MLflow's JSON text is written as that text.
    expect(traceFileText(found)).toBe(JSON.stringify(traces[0]));
  });

  it('are none for an output that only names traces by id (real Databricks bundle)', () => {
    const bundle = fixture('mlflow-3.17.2/multi.databricks.json').payload;
    expect(embeddedTraces(bundle)).toEqual([]);
  });

  it('several go to one list file', () => {
    const text = traceFileText(traces);
    expect(JSON.parse(text)).toEqual(traces);
    expect(traceFileName(traces)).toBe(
      `mlflow-traces-${traces.length}.mlflow-trace.json`
    );
  });
});

describe('what exporting an output writes', () => {
  const multi = fixture('mlflow-3.17.2/multi.trace.json').payload;
  const multiIds = multi.map((t: any) => t.info.trace_id);

  it('the traces an envelope embeds whole, as they are', () => {
    const data = { [MLFLOW_TRACE_MIME]: { version: 2, traces: multi } };
    expect(exportSource(data)).toEqual({ kind: 'embedded', traces: multi });
  });

  it("MLflow's iframe output: its trace ids, fetched from the configured server", () => {
    const bundle = fixture('mlflow-3.17.2/multi.iframe.json').payload;
    const source = exportSource(bundle);
    expect(source.kind).toBe('server');
    expect(source.kind === 'server' && [...source.traceIds].sort()).toEqual(
      [...multiIds].sort()
    );
  });

  it('a Databricks bundle of ids only: the ids', () => {
    const bundle = fixture('mlflow-3.17.2/multi.databricks.json').payload;
    expect(exportSource(bundle)).toEqual({
      kind: 'server',
      traceIds: multiIds
    });
  });

  it("the hook's structure-only envelope of a big trace is not the trace: fetched by id", () => {
    const bundle = JSON.parse(
      readFileSync(
        join(
          FIXTURES,
          '..',
          'jupyterlab_mlflow_traces/tests/fixtures/hook-structure.json'
        ),
        'utf8'
      )
    );
    const id = bundle[MLFLOW_TRACE_MIME].traces[0].info.trace_id;
    expect(embeddedTraces(bundle)).toEqual([]);
    expect(exportSource(bundle)).toEqual({ kind: 'server', traceIds: [id] });
  });

  // Hand-written (hostile/edge case): an envelope entry with the info alone.
  it('an envelope entry without spans (info only) is fetched by id', () => {
    const data = {
      [MLFLOW_TRACE_MIME]: { version: 2, traces: [{ info: multi[0].info }] }
    };
    expect(exportSource(data)).toEqual({
      kind: 'server',
      traceIds: [multiIds[0]]
    });
  });

  it('an ordinary HTML output has nothing to export', () => {
    expect(
      exportSource({ 'text/html': '<table><tr><td>1</td></tr></table>' })
    ).toEqual({
      kind: 'none'
    });
  });
});
