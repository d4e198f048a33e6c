/**
 * `referencesOf` reads the same trace ids, experiments and tracking server
 * as the full model (`parseMimeBundle`), on every real MLflow fixture: the
 * bundles MLflow's notebook display made, and MLflow's `Trace.to_json()`
 * carried in the kernel hook's envelope and in the Databricks payload.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { describe, expect, it } from 'vitest';

import {
  DATABRICKS_TRACE_MIME,
  MLFLOW_TRACE_MIME,
  parseMimeBundle,
  referencesOf
} from '../index';
import { realFixtureFiles } from './fixtureFiles';

const FIXTURES = resolve(__dirname, '../../../fixtures');

/** What follow needs, as the full model reads it. */
function fromFullModel(bundle: Record<string, unknown>) {
  const result = parseMimeBundle(bundle);
  if (result.kind === 'traces') {
    return {
      references: result.traces.map(t => ({
        traceId: t.traceId,
        experimentId: t.experimentId ?? undefined
      })),
      trackingUri: result.trackingUri
    };
  }
  if (result.kind === 'references') {
    return {
      references: result.references.map(r => ({
        traceId: r.traceId,
        experimentId: r.experimentId
      })),
      trackingUri: result.trackingUri
    };
  }
  return null;
}

function light(bundle: Record<string, unknown>) {
  const found = referencesOf(bundle);
  return found
    ? {
        references: found.references.map(r => ({
          traceId: r.traceId,
          experimentId: r.experimentId
        })),
        trackingUri: found.trackingUri
      }
    : null;
}

const files = realFixtureFiles(FIXTURES, name => name.endsWith('.rest.json'))
  .map(path => ({ path, f: JSON.parse(readFileSync(path, 'utf-8')) }))
  .filter(({ f }) => f.kind === 'bundle' || f.kind === 'trace');

describe('referencesOf on the real fixtures', () => {
  it('covers bundles and traces of every MLflow version', () => {
    expect(files.filter(x => x.f.kind === 'bundle').length).toBeGreaterThan(20);
    expect(files.filter(x => x.f.kind === 'trace').length).toBeGreaterThan(10);
  });

  for (const { path, f } of files) {
    const name = path.slice(FIXTURES.length + 1);
    if (f.kind === 'bundle') {
      it(`${name}: as MLflow displayed it`, () => {
        const want = fromFullModel(f.payload);
        expect(want).not.toBeNull();
        expect(light(f.payload)).toEqual(want);
      });
      continue;
    }
    const traces: unknown[] = Array.isArray(f.payload)
      ? f.payload
      : [f.payload];
    const bundles: Record<string, Record<string, unknown>> = {
      'in the envelope': {
        [MLFLOW_TRACE_MIME]: {
          version: 2,
          tracking_uri: 'http://127.0.0.1:5000',
          traces
        }
      },
      'in the envelope as text': {
        [MLFLOW_TRACE_MIME]: JSON.stringify({ version: 1, traces })
      },
      'as Databricks text (Trace.to_json())': {
        [DATABRICKS_TRACE_MIME]: JSON.stringify(
          traces.length === 1 ? traces[0] : traces
        )
      }
    };
    for (const [how, bundle] of Object.entries(bundles)) {
      it(`${name}: ${how}`, () => {
        const want = fromFullModel(bundle);
        expect(want?.references.length).toBe(traces.length);
        expect(want?.references.every(r => r.experimentId)).toBe(true);
        expect(light(bundle)).toEqual(want);
      });
    }
  }
});

describe('referencesOf falls back like the full model', () => {
  const iframe = files.find(x =>
    x.path.endsWith('mlflow-3.17.2/multi.iframe.json')
  )!.f.payload;

  it('a too-new envelope gives way to the iframe next to it', () => {
    const bundle = {
      ...iframe,
      [MLFLOW_TRACE_MIME]: { version: 99, traces: [{}] }
    };
    expect(light(bundle)).toEqual(fromFullModel(bundle));
    expect(light(bundle)?.references.length).toBe(3);
  });

  it('ordinary HTML and other outputs show no traces', () => {
    expect(
      referencesOf({ 'text/html': '<table><tr><td>1</td></tr></table>' })
    ).toBeNull();
    expect(referencesOf({ 'text/plain': 'x', 'image/png': 'AAAA' })).toBeNull();
    expect(referencesOf({ [DATABRICKS_TRACE_MIME]: '' })).toBeNull();
  });
});
