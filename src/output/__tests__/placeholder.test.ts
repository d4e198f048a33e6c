/**
 * The box an embedded-trace output shows until it nears the viewport: the
 * viewer's fitted height, so the notebook does not jump when it mounts
 * (fixtures the real mlflow SDK wrote, fixtures/mlflow-3.17.2).
 */
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';

import { parseMimeBundle } from '../../model';
import { DEFAULT_SETTINGS } from '../../settings';
import { fittedHeight } from '../fittedHeight';
import { placeholderHeight } from '../mount';

const FIXTURES = path.join(__dirname, '../../../fixtures/mlflow-3.17.2');
function payload(name: string): any {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf-8'))
    .payload;
}
/** A full trace as an output carries it (Databricks' MIME type). */
function parsed(name: string) {
  return parseMimeBundle({
    'application/databricks.mlflow.trace': JSON.stringify(payload(name))
  });
}

describe('placeholderHeight', () => {
  it('is the height the viewer first takes, up to the setting', () => {
    const small = parsed('decorated.trace.json');
    const large = parsed('large.trace.json');
    expect(small.kind).toBe('traces');
    if (small.kind !== 'traces' || large.kind !== 'traces') {
      return;
    }
    const settings = { ...DEFAULT_SETTINGS, viewerHeight: 5000 };
    expect(placeholderHeight(small, settings)).toBe(
      fittedHeight(small.traces, 5000)
    );
    expect(placeholderHeight(large, settings)!).toBeGreaterThan(
      placeholderHeight(small, settings)!
    );
    expect(placeholderHeight(large, { ...settings, viewerHeight: 400 })).toBe(
      400
    );
  });

  it('is null for outputs that mount at once (trace ids, errors)', () => {
    expect(
      placeholderHeight(
        parseMimeBundle(payload('decorated.databricks.json')),
        DEFAULT_SETTINGS
      )
    ).toBe(null);
    expect(
      placeholderHeight(
        parseMimeBundle({ 'text/plain': 'x' }),
        DEFAULT_SETTINGS
      )
    ).toBe(null);
  });
});
