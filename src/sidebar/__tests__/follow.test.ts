import { describe, expect, it } from 'vitest';

import { readFileSync } from 'fs';
import { resolve } from 'path';

import { tracesInOutputs } from '../cellTraces';
import { isShownStore, notebookStoreOffer } from '../follow';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(resolve(__dirname, '../../../fixtures', name), 'utf-8')
  ).payload;

const iframe = (src: string) =>
  `<div><button>Collapse MLflow Trace</button><iframe id="trace-renderer" style="width: 100%" src="${src}"></iframe></div>`;

const envelope = {
  version: 1,
  tracking_uri: 'http://127.0.0.1:5000',
  experiment_ids: ['7'],
  traces: [
    {
      info: {
        trace_id: 'tr-0123456789abcdef0123456789abcdef',
        trace_location: {
          type: 'MLFLOW_EXPERIMENT',
          mlflow_experiment: { experiment_id: '7' }
        },
        request_time: '2026-11-21T10:00:00Z',
        execution_duration_ms: 5,
        state: 'OK',
        trace_metadata: {},
        tags: { 'mlflow.traceName': 'agent' }
      },
      data: {
        spans: [
          {
            trace_id: 'tr-0123456789abcdef0123456789abcdef',
            span_id: '0123456789abcdef',
            parent_span_id: null,
            name: 'agent',
            start_time_unix_nano: 1795000000000000000,
            end_time_unix_nano: 1795000000005000000,
            status: { code: 'STATUS_CODE_OK', message: '' },
            attributes: { 'mlflow.spanType': '"AGENT"' }
          }
        ]
      }
    }
  ]
};

describe('tracesInOutputs', () => {
  it("reads MLflow's iframe: every trace id, the last experiment", () => {
    const found = tracesInOutputs([
      { 'text/plain': 'hello' },
      {
        'text/html': iframe(
          'http://127.0.0.1:5000/static-files/lib/notebook-trace-renderer/index.html?trace_id=tr-a&amp;experiment_id=1&amp;trace_id=tr-b&amp;experiment_id=2&amp;version=3.17.2'
        ),
        'text/plain': 'Trace(trace_id=tr-a)'
      }
    ]);
    expect(found).toEqual({
      experimentId: '2',
      traceIds: ['tr-a', 'tr-b'],
      trackingUri: 'http://127.0.0.1:5000'
    });
  });

  it('reads embedded traces of the kernel hook', () => {
    const found = tracesInOutputs([
      { 'application/vnd.mlflow.trace+json': envelope }
    ]);
    expect(found).toEqual({
      experimentId: '7',
      traceIds: ['tr-0123456789abcdef0123456789abcdef'],
      trackingUri: 'http://127.0.0.1:5000'
    });
  });

  it('ignores outputs without MLflow traces', () => {
    expect(tracesInOutputs([])).toBeNull();
    expect(
      tracesInOutputs([{ 'text/plain': 'x' }, { 'image/png': 'AAAA' }])
    ).toBeNull();
    expect(
      tracesInOutputs([{ 'text/html': '<table><tr><td>1</td></tr></table>' }])
    ).toBeNull();
    expect(
      tracesInOutputs([{ 'application/vnd.mlflow.trace+json': '{broken' }])
    ).toBeNull();
  });
});

describe('tracesInOutputs on real MLflow outputs', () => {
  it("reads ids of MLflow's own outputs without parsing traces", () => {
    const found = tracesInOutputs([
      fixture('mlflow-3.17.2/multi.iframe.json'),
      fixture('mlflow-3.17.2/decorated.databricks.json')
    ]);
    expect(found?.traceIds.length).toBe(4);
    expect(found?.experimentId).toMatch(/^\d+$/);
    expect(found?.trackingUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe("the notebook kernel's store", () => {
  const server = 'http://127.0.0.1:5000';
  const local = 'sqlite:////home/me/project/mlflow.db';

  it("is offered when it is not the server's", () => {
    expect(notebookStoreOffer(local, server)).toEqual({
      uri: local,
      kind: 'local'
    });
    expect(notebookStoreOffer('/home/me/mlruns', server)?.kind).toBe('local');
    expect(notebookStoreOffer('http://10.0.0.5:5000', server)).toEqual({
      uri: 'http://10.0.0.5:5000',
      kind: 'http'
    });
    for (const uri of [
      'postgresql://db.example/mlflow',
      'mysql+pymysql://db/mlflow',
      'databricks',
      'databricks-uc'
    ]) {
      expect(notebookStoreOffer(uri, server)?.kind).toBe('unsupported');
    }
  });

  it("is not offered when it is the server's, or unknown", () => {
    expect(notebookStoreOffer('http://localhost:5000/', server)).toBeNull();
    expect(notebookStoreOffer(local, local)).toBeNull();
    expect(notebookStoreOffer(null, server)).toBeNull();
    expect(notebookStoreOffer('  ', server)).toBeNull();
  });

  it('decides whether reported traces are in the shown store', () => {
    expect(isShownStore(server, server, null)).toBe(true);
    expect(isShownStore(local, server, null)).toBe(false);
    expect(isShownStore(local, server, local)).toBe(true);
    expect(isShownStore(server, server, local)).toBe(false);
  });
});
