import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestHome } from './__fixtures__/temp-home.js';
import { readStepOutput, writeStepOutput } from './step-cache-files.js';
import { SqliteStepCache } from './step-cache-store.js';

const signature = (n: number) => n.toString(16).padStart(64, '0');

describe('SqliteStepCache', () => {
  const homes: ReturnType<typeof createTestHome>[] = [];
  afterEach(() => {
    for (const home of homes.splice(0)) home.dispose();
  });

  const setup = () => {
    const home = createTestHome();
    homes.push(home);
    const cache = new SqliteStepCache(home.db, home.clock);
    const store = (n: number, maxBytes: number) => {
      const written = writeStepOutput(home.db.paths, signature(n), { shape: [1, 2, 2, 1], values: Float32Array.from([n, 0.1, 0.2, 1 / 3]) });
      cache.record({ signature: signature(n), use: 'image.blur', imageMeta: [{ seed: n }], records: { n }, ...written }, maxBytes);
      home.clock.advance(1000);
    };
    return { home, cache, store };
  };

  it('round-trips a float32 output bit for bit', () => {
    const { home } = setup();
    const values = Float32Array.from([Math.PI, 1e-8, 0.49803923, 1]);
    const { path: relative, bytes } = writeStepOutput(home.db.paths, signature(7), { shape: [1, 1, 4, 1], values });
    expect(bytes).toBe(16 + 16);
    const read = readStepOutput(home.db.paths, relative);
    expect(read.shape).toEqual([1, 1, 4, 1]);
    expect(Array.from(read.values)).toEqual(Array.from(values));
  });

  it('evicts the least recently used entries past its size, rows and files', () => {
    const { home, cache, store } = setup();
    const entryBytes = 32;
    store(1, entryBytes * 2);
    store(2, entryBytes * 2);
    expect(cache.lookup(signature(1))?.records).toEqual({ n: 1 });
    home.clock.advance(1000);
    store(3, entryBytes * 2);
    expect(cache.lookup(signature(2))).toBeNull();
    expect(fs.existsSync(path.join(home.db.paths.home, 'cache', `${signature(2)}.bin`))).toBe(false);
    expect(cache.lookup(signature(1))?.imageMeta).toEqual([{ seed: 1 }]);
    expect(cache.lookup(signature(3))).not.toBeNull();
    expect(cache.totalBytes()).toBe(entryBytes * 2);
  });

  it('forgets an entry whose file is gone', () => {
    const { home, cache, store } = setup();
    store(4, 1024);
    fs.rmSync(path.join(home.db.paths.home, 'cache', `${signature(4)}.bin`));
    expect(cache.lookup(signature(4))).toBeNull();
    expect(cache.totalBytes()).toBe(0);
  });
});
