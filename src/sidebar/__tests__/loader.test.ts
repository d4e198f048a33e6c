/**
 * The one door to lazy chunks: each is fetched once, shared by every caller,
 * and fetched again after a failure (the server went away for a moment).
 */
import { describe, expect, it } from 'vitest';

import { cachedImport } from '../../viewerLoader';

describe('cachedImport', () => {
  it('fetches once for every caller, and again after a failure', async () => {
    let fetches = 0;
    let fail = true;
    const load = cachedImport(async () => {
      fetches++;
      if (fail) {
        throw new Error('ChunkLoadError: Loading chunk 322 failed');
      }
      return { fetches };
    });
    await expect(load()).rejects.toThrow(/Loading chunk 322 failed/);
    fail = false;
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(await load()).toBe(a);
    expect(fetches).toBe(2);
  });
});
