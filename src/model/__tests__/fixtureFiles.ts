/**
 * The real MLflow fixture files (fixtures/mlflow-<version>/), shared by the
 * fixture and fuzz suites. The hand-written hostile/ folder is left out.
 */
import { readdirSync, statSync } from 'fs';
import { join } from 'path';

/** JSON files below `dir`, sorted, without `hostile/` and without names `skip` rejects. */
export function realFixtureFiles(
  dir: string,
  skip: (name: string) => boolean = () => false
): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'hostile') {
        out.push(...realFixtureFiles(path, skip));
      }
    } else if (name.endsWith('.json') && !skip(name)) {
      out.push(path);
    }
  }
  return out;
}
