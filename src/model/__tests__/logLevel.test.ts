/**
 * MLflow's span log level on REAL traces: fixtures/loglevel (made by
 * generate_loglevel.py under mlflow 3.17.2: levels by span type, by
 * `log_level=`, and ERROR from an exception event) and an MLflow 2.22.5
 * trace, whose spans predate levels.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { describe, expect, it } from 'vitest';

import { effectiveLogLevel, recordedLogLevel } from '../logLevel';
import { traceFromJson } from '../trace';

const load = (path: string) =>
  traceFromJson(
    JSON.parse(
      readFileSync(resolve(__dirname, '../../../fixtures', path), 'utf8')
    ).payload
  );

describe('span log level', () => {
  const trace = load('loglevel/levels.trace.json');
  const levels = Object.fromEntries(
    trace.spans.map(s => [s.name, recordedLogLevel(s)])
  );

  it('reads the level MLflow recorded on each span', () => {
    expect(levels).toEqual({
      agent: 20,
      prepare: 10,
      normalize: 10,
      draft: 20,
      fetch_quota: 30,
      flaky_lookup: 40,
      cache_read: 40,
      audit: 50
    });
  });

  it('an exception event raises the level to ERROR whatever the status', () => {
    const byName = (n: string) => trace.spans.find(s => s.name === n)!;
    expect(byName('flaky_lookup').status).toBe('ERROR');
    expect(byName('cache_read').status).toBe('OK');
    expect(byName('cache_read').exceptions).toHaveLength(1);
  });

  it('spans from before MLflow 3.13 carry none and count as DEBUG', () => {
    const old = load('mlflow-2.22.5/decorated.trace.json');
    expect(old.spans.length).toBeGreaterThan(1);
    for (const s of old.spans) {
      expect(recordedLogLevel(s)).toBeNull();
      expect(effectiveLogLevel(s)).toBe(10);
    }
  });
});
