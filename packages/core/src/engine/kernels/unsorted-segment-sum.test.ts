import { beforeAll, expect, it } from 'vitest';
import { random, randomValues } from '../__fixtures__/conv-reference.js';
import { initEngine } from '../engine.js';
import { tf } from '@atelier/plugin-api';

beforeAll(async () => {
  await initEngine('wasm');
});

it('sums rows into segments on WASM like a naive reference, dropping out-of-range ids', () => {
  const next = random(7);
  for (let k = 0; k < 10; k++) {
    const count = 1 + Math.floor(next() * 12);
    const numSegments = 1 + Math.floor(next() * 5);
    const rest = [1 + Math.floor(next() * 3), 1 + Math.floor(next() * 4)];
    const restSize = rest[0] * rest[1];
    const ids = Int32Array.from({ length: count }, () => Math.floor(next() * (numSegments + 1)) - (k % 2));
    const x = randomValues(count * restSize, next);
    const expected = new Float64Array(numSegments * restSize);
    ids.forEach((id, i) => {
      if (id < 0 || id >= numSegments) return;
      for (let j = 0; j < restSize; j++) expected[id * restSize + j] += x[i * restSize + j];
    });
    const before = tf.memory().numTensors;
    const buffers = tf.engine().backend.numDataIds();
    const xt = tf.tensor(x, [count, ...rest]);
    const idt = tf.tensor1d(ids, 'int32');
    const out = tf.unsortedSegmentSum(xt, idt, numSegments);
    expect(out.shape).toEqual([numSegments, ...rest]);
    const actual = out.dataSync();
    expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 5));
    tf.dispose([xt, idt, out]);
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.engine().backend.numDataIds()).toBe(buffers);
  }
});

it('gives gather (Embedding) a gradient on WASM', () => {
  const table = tf.variable(tf.tensor2d([[1, 2], [3, 4], [5, 6]]));
  const grad = tf.grad((t: tf.Tensor) => tf.gather(t, tf.tensor1d([2, 0, 2], 'int32')).sum())(table);
  expect(grad.arraySync()).toEqual([[1, 1], [0, 0], [2, 2]]);
  tf.dispose([table, grad]);
});
