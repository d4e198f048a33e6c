/**
 * The real MLflow fixture files (fixtures/mlflow-<version>/), shared by the
 * fixture and fuzz suites. The hand-written hostile/ folder is left out, and
 * so are folders of MLflow answers that are not traces (a search page,
 * assessment answers): their own tests read them (sessions.test,
 * test_assessments.py).
 */
import { readdirSync, statSync } from 'fs';
import { join } from 'path';

const NOT_TRACES = new Set([
  'hostile',
  'sessions',
  'assessments',
  'traces-get'
]);

/** JSON files below `dir`, sorted, without `hostile/` and without names `skip` rejects. */
export function realFixtureFiles(
  dir: string,
  skip: (name: string) => boolean = () => false
): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!NOT_TRACES.has(name)) {
        out.push(...realFixtureFiles(path, skip));
      }
    } else if (name.endsWith('.json') && !skip(name)) {
      out.push(path);
    }
  }
  return out;
}

/**
 * Parse a fixture file's text with span and event times kept as the exact
 * decimal strings MLflow wrote: JSON.parse would round these integers
 * (beyond 2^53) to 256 ns steps. The kernel hook's envelope version 2 does
 * the same, so the model sees what a saved notebook carries.
 */
export function exactly(text: string): any {
  return JSON.parse(
    text.replace(
      /("(?:start_time_unix_nano|end_time_unix_nano|time_unix_nano|start_time|end_time)"\s*:\s*)(-?\d{16,})\b/g,
      '$1"$2"'
    )
  );
}
