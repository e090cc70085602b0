import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { setCurrentShard, tf } from '@atelier/plugin-api';
import { GradientExchange } from '../worker/gradient-exchange.js';
import { createAllReduce } from './all-reduce.js';
import { removeRoundFiles, roundFiles, sharedRank, SharedRounds } from './shared-rounds.js';

beforeAll(async () => {
  await initEngine('cpu');
});

describe('SharedRounds', () => {
  it('gives every rank all ranks’ values, and a rank that runs a round ahead never overwrites what another still reads', () => {
    const files = roundFiles(`test-${process.pid}-parity`, 2);
    const [first, second] = [new SharedRounds(files, 0), new SharedRounds(files, 1)];
    try {
      first.write(0, Float32Array.of(1, 2, 3));
      second.write(0, Float32Array.of(4, 5, 6));
      // Rank 0 has read round 0 and writes round 1 before rank 1 reads round 0.
      expect(first.readAll(0, Float32Array.of(1, 2, 3)).map((v) => Array.from(v))).toEqual([[1, 2, 3], [4, 5, 6]]);
      first.write(1, Float32Array.of(7, 8));
      expect(second.readAll(0, Float32Array.of(4, 5, 6)).map((v) => Array.from(v))).toEqual([[1, 2, 3], [4, 5, 6]]);
      second.write(1, Float32Array.of(9, 10));
      expect(second.readAll(1, Float32Array.of(9, 10)).map((v) => Array.from(v))).toEqual([[7, 8], [9, 10]]);
    } finally {
      first.close();
      second.close();
      removeRoundFiles(files);
    }
    expect(files.flat().filter((file) => fs.existsSync(file))).toEqual([]);
  });

  it('keeps the files in shared memory where the machine has it, one per rank and round parity', () => {
    const files = roundFiles('some-run', 3);
    expect(files).toHaveLength(3);
    expect(new Set(files.flat()).size).toBe(6);
    if (fs.existsSync('/dev/shm')) expect(files.flat().every((file) => file.startsWith('/dev/shm/'))).toBe(true);
  });
});

describe('allReduce through shared files', () => {
  it('averages by shard size in every rank to the same bytes, and leaves no tensor behind', async () => {
    const files = roundFiles(`test-${process.pid}-reduce`, 2);
    const waiting: ((counts: number[]) => void)[] = [];
    const exchange = new GradientExchange(2, (_round, counts) => waiting.splice(0).forEach((resolve) => resolve(counts)));
    const ranks = [0, 1].map((rank) =>
      sharedRank(files, rank, (round, count, length) => {
        const answered = new Promise<number[]>((resolve) => waiting.push(resolve));
        exchange.contribute(rank, round, { count, length });
        return answered;
      }),
    );
    const timing = { ms: 0 };
    const before = tf.memory().numTensors;
    const shards = [3, 1];
    const reduce = (rank: number, values: number[][]) => {
      setCurrentShard({ offset: rank === 0 ? 0 : 3, count: shards[rank], total: 4 });
      return createAllReduce(tf, ranks[rank], new AbortController().signal, timing)({ a: tf.tensor2d([values[0]], [1, 2]), b: tf.tensor1d(values[1]) });
    };
    try {
      const [fromFirst, fromSecond] = await Promise.all([
        reduce(0, [[1, 2], [0.5]]),
        reduce(1, [[5, -2], [2.5]]),
      ]);
      for (const result of [fromFirst, fromSecond]) {
        expect(result.a.shape).toEqual([1, 2]);
        expect(Array.from(result.a.dataSync())).toEqual([0.75 * 1 + 0.25 * 5, 0.75 * 2 + 0.25 * -2]);
        expect(result.b.dataSync()[0]).toBeCloseTo(0.75 * 0.5 + 0.25 * 2.5, 6);
      }
      expect(Buffer.from(fromFirst.b.dataSync().buffer)).toEqual(Buffer.from(fromSecond.b.dataSync().buffer));
      tf.dispose([...Object.values(fromFirst), ...Object.values(fromSecond)]);
      expect(tf.memory().numTensors).toBe(before);
      expect(timing.ms).toBeGreaterThan(0);
    } finally {
      setCurrentShard(null);
      ranks.forEach((rank) => rank.close());
      removeRoundFiles(files);
    }
  });
});
