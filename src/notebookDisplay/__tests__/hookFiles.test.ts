/**
 * What reaches kernels is the whole `kernel_hook` package as it is on disk:
 * a module added to the package and forgotten here would fail to import there.
 */
import { readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { describe, expect, it } from 'vitest';

import { HOOK_MODULES, hookSource } from '../hookFiles';

const PACKAGE = resolve(
  __dirname,
  '../../../jupyterlab_mlflow_traces/kernel_hook'
);

describe('the hook files sent to kernels', () => {
  it('are every module of the kernel_hook package, as on disk', () => {
    const onDisk = Object.fromEntries(
      readdirSync(PACKAGE)
        .filter(name => name.endsWith('.py'))
        .map(name => [
          name === '__init__.py' ? '' : name.slice(0, -3),
          readFileSync(join(PACKAGE, name), 'utf8')
        ])
    );
    expect(Object.keys(onDisk).length).toBeGreaterThanOrEqual(5);
    expect(HOOK_MODULES).toEqual(onDisk);
    expect(JSON.parse(hookSource)).toEqual(onDisk);
  });
});
