/**
 * What "Compare with…" reads from an output: embedded traces come with the
 * output (no fetch needed: the comparison works offline), trace ids only are
 * to be fetched. The iframe bundle is REAL MLflow output (fixtures/mlflow-3.17.2);
 * the embedded case wraps the REAL before trace (fixtures/compare/) in a bundle
 * put together here (labelled), as MLflow's Databricks display carries one.
 */
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import { describe, expect, it } from 'vitest';

import { DATABRICKS_TRACE_MIME } from '../../model/types';
import { candidatesOfOutput } from '../sources';

const FIXTURES = resolve(__dirname, '../../../fixtures');
const read = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

describe('candidatesOfOutput', () => {
  it('MLflow’s iframe output: its trace ids, each to be fetched, with its experiment', () => {
    const doc = JSON.parse(read('mlflow-3.17.2/multi.iframe.json'));
    const found = candidatesOfOutput(doc.payload, 'cell [2]');
    expect(found.map(c => [c.traceId, c.experimentId, c.source])).toEqual(
      doc.expected.references.map((r: any) => [
        r.trace_id,
        r.experiment_id,
        'cell [2]'
      ])
    );
    expect(found.every(c => c.trace === undefined)).toBe(true);
  });

  it('an output embedding a full trace (assembled bundle, real trace): the trace itself', () => {
    const trace = JSON.parse(read('compare/before.trace.json')).payload;
    const [found] = candidatesOfOutput(
      { [DATABRICKS_TRACE_MIME]: JSON.stringify(trace) },
      'cell [1]'
    );
    expect(found.traceId).toBe(trace.info.trace_id);
    expect(found.trace?.spans.map(s => s.name)).toEqual([
      'agent',
      'retrieve',
      'lookup',
      'call_llm'
    ]);
    expect(found.experimentId).toBe('1');
  });

  it('an output that is no trace gives nothing', () => {
    expect(candidatesOfOutput({ 'text/plain': '42' }, 'cell [3]')).toEqual([]);
  });
});
