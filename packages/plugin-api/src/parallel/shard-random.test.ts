import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../tf.js';
import { setCurrentShard, shardDropout, shardRandomNormal } from './shard-random.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => setCurrentShard(null));

const values = (tensor: tf.Tensor) => {
  const out = Array.from(tensor.dataSync());
  tensor.dispose();
  return out;
};

describe('shard-consistent noise', () => {
  it('draws for the global batch and keeps this shard’s rows, so two shards together are one worker’s draw', () => {
    const whole = values(tf.randomNormal([6, 3], 0, 1, 'float32', 42));
    setCurrentShard({ offset: 0, count: 3, total: 6 });
    const first = values(shardRandomNormal([3, 3], 0, 1, 42));
    setCurrentShard({ offset: 3, count: 3, total: 6 });
    const second = values(shardRandomNormal([3, 3], 0, 1, 42));
    expect([...first, ...second]).toEqual(whole);
    // A draw that is not one row per image of the shard (a preview of 5) is left alone.
    expect(values(shardRandomNormal([5, 3], 0, 1, 42))).toEqual(values(tf.randomNormal([5, 3], 0, 1, 'float32', 42)));
  });

  it('is tf.randomNormal and tf.dropout exactly outside data-parallel training, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    expect(values(shardRandomNormal([4, 2], 0, 1, 7))).toEqual(values(tf.randomNormal([4, 2], 0, 1, 'float32', 7)));
    const x = tf.ones([4, 5]);
    expect(values(shardDropout(x, 0.5, 9))).toEqual(values(tf.dropout(x, 0.5, undefined, 9)));
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('masks each shard’s rows of dropout as one worker masks the whole batch', () => {
    const x = tf.ones([4, 5]);
    const whole = values(tf.dropout(x, 0.5, undefined, 9));
    const halves = [0, 2].flatMap((offset) => {
      setCurrentShard({ offset, count: 2, total: 4 });
      const part = tf.slice(x, offset, 2);
      const dropped = values(shardDropout(part, 0.5, 9));
      part.dispose();
      return dropped;
    });
    x.dispose();
    expect(halves).toEqual(whole);
  });
});
