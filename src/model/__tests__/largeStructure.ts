/**
 * A large output for tests, derived from the real kernel hook's structure
 * (jupyterlab_mlflow_traces/tests/fixtures/hook-structure.json, written by
 * generate_hook_structure.py: real ipykernel, mlflow 3.17.2): its root and
 * its child rows repeated, each copy under a new span id, until the trace has
 * `spans` spans. Derived by this test, not written by MLflow or the hook.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';

import { MLFLOW_TRACE_MIME } from '../types';

const FIXTURE = resolve(
  __dirname,
  '../../../jupyterlab_mlflow_traces/tests/fixtures/hook-structure.json'
);

/** The hook's real bundle (1,000 spans embedded as their structure). */
export function hookStructureBundle(): Record<string, any> {
  return JSON.parse(readFileSync(FIXTURE, 'utf8'));
}

/** A base64 span id (8 bytes, as MLflow 3.0-3.4 and the hook write them) for `k`. */
function spanIdOf(k: number): string {
  const bytes = Buffer.alloc(8);
  bytes.writeUInt32BE(0x5ca1ed00, 0);
  bytes.writeUInt32BE(k, 4);
  return bytes.toString('base64');
}

/** The hook's bundle grown to `spans` spans: one root, `spans - 1` children. */
export function largeStructureBundle(spans: number): Record<string, any> {
  const bundle = hookStructureBundle();
  const structure = bundle[MLFLOW_TRACE_MIME].traces[0].data.structure;
  const [root, ...children] = structure.spans as unknown[][];
  const rows: unknown[][] = [root];
  for (let k = 1; k < spans; k++) {
    const row = [...children[(k - 1) % children.length]];
    row[0] = spanIdOf(k);
    row[1] = 0;
    rows.push(row);
  }
  structure.spans = rows;
  return bundle;
}
