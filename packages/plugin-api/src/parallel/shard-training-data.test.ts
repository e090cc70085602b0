import { describe, expect, it } from 'vitest';
import { shardRange } from './shard-training-data.js';

describe('shardRange', () => {
  it('cuts a global batch into contiguous shards that cover it, and gives a batch smaller than K whole to every rank', () => {
    const cover = (total: number, workers: number) => Array.from({ length: workers }, (_, rank) => shardRange(total, rank, workers));
    expect(cover(10, 3)).toEqual([
      { offset: 0, count: 4 },
      { offset: 4, count: 3 },
      { offset: 7, count: 3 },
    ]);
    expect(cover(64, 2)).toEqual([
      { offset: 0, count: 32 },
      { offset: 32, count: 32 },
    ]);
    expect(cover(1, 2)).toEqual([
      { offset: 0, count: 1 },
      { offset: 0, count: 1 },
    ]);
  });
});
