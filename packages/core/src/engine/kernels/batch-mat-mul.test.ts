import { beforeAll, expect, it } from 'vitest';
import { random, randomValues, relativeError } from '../__fixtures__/conv-reference.js';
import { initEngine } from '../engine.js';
import { tf } from '@atelier/plugin-api';

beforeAll(async () => {
  await initEngine('wasm');
});

/** out[m][i][j] = Σ_k a[m][i][k]·b[m][k][j] over the operands as stored, transposed where asked. */
function naiveProduct(a: Float32Array, b: Float32Array, batch: number, rows: number, inner: number, cols: number, transposeA: boolean, transposeB: boolean): Float64Array {
  const out = new Float64Array(batch * rows * cols);
  for (let m = 0; m < batch; m++)
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) {
        let sum = 0;
        for (let k = 0; k < inner; k++) {
          const left = a[m * rows * inner + (transposeA ? k * rows + i : i * inner + k)];
          const right = b[m * inner * cols + (transposeB ? j * inner + k : k * cols + j)];
          sum += left * right;
        }
        out[(m * rows + i) * cols + j] = sum;
      }
  return out;
}

it('multiplies matrices on WASM like a naive reference, transposed or not, single or batched, vectors included', () => {
  const next = random(21);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  for (let k = 0; k < 48; k++) {
    const transposeA = k % 2 === 1;
    const transposeB = k % 4 >= 2;
    const batch = k % 8 < 4 ? 1 : int(2, 3);
    // Sizes of 1 make a side a vector, which is transposed by a reshape.
    const [rows, inner, cols] = [int(1, 70), int(1, 70), int(1, 70)].map((size) => (next() < 0.2 ? 1 : size));
    const aShape = [...(batch > 1 ? [batch] : []), ...(transposeA ? [inner, rows] : [rows, inner])];
    const bShape = [...(batch > 1 ? [batch] : []), ...(transposeB ? [cols, inner] : [inner, cols])];
    const aValues = randomValues(batch * rows * inner, next);
    const bValues = randomValues(batch * inner * cols, next);
    const tensors = tf.memory().numTensors;
    const buffers = tf.engine().backend.numDataIds();
    const a = tf.tensor(aValues, aShape);
    const b = tf.tensor(bValues, bShape);
    const product = tf.matMul(a, b, transposeA, transposeB);
    expect(product.shape).toEqual([...(batch > 1 ? [batch] : []), rows, cols]);
    const error = relativeError(product.dataSync(), naiveProduct(aValues, bValues, batch, rows, inner, cols, transposeA, transposeB));
    expect(error, JSON.stringify({ aShape, bShape, transposeA, transposeB })).toBeLessThanOrEqual(1e-5);
    tf.dispose([a, b, product]);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.engine().backend.numDataIds()).toBe(buffers);
  }
});

it('trains a dense layer through its transposed gradients', () => {
  const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
  const w = tf.variable(tf.tensor2d([[1, 0], [0, 1], [1, 1]]));
  const { value, grads } = tf.variableGrads(() => tf.matMul(x, w).square().sum() as tf.Scalar, [w]);
  // d/dW Σ (xW)² = 2·xᵀ(xW): xW = [[4, 5], [10, 11]].
  expect(grads[w.name].arraySync()).toEqual([[88, 98], [116, 130], [144, 162]]);
  tf.dispose([x, w, value, ...Object.values(grads)]);
});

it('refuses operands whose inner sizes differ, or that are not float32, with tfjs-wasm’s own errors and nothing left behind', () => {
  const tensors = tf.memory().numTensors;
  const buffers = tf.engine().backend.numDataIds();
  const cases: [number[], number[], boolean, boolean][] = [
    [[2, 3], [4, 5], false, false],
    [[3, 2], [3, 5], false, false],
    [[2, 3], [5, 4], false, true],
    [[2, 2, 3], [2, 4, 5], false, false],
  ];
  for (const [aShape, bShape, transposeA, transposeB] of cases) {
    const [a, b] = [tf.ones(aShape), tf.ones(bShape)];
    expect(() => tf.matMul(a, b, transposeA, transposeB)).toThrow(/inner shapes \(\d+\) and \(\d+\).*must match/);
    tf.dispose([a, b]);
  }
  const [ints, floats] = [tf.ones([2, 2], 'int32'), tf.ones([2, 2])];
  expect(() => tf.engine().runKernel(tf.BatchMatMul, { a: ints, b: floats }, { transposeA: false, transposeB: false })).toThrow(/non-float32/);
  tf.dispose([ints, floats]);
  expect(tf.memory().numTensors).toBe(tensors);
  expect(tf.engine().backend.numDataIds()).toBe(buffers);
});
