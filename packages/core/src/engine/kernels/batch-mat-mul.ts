import { tf } from '@atelier/plugin-api';
import { disposeIntermediates, runKernel } from './run-kernel.js';

/**
 * WASM runs a matrix product on XNNPACK only when neither side is transposed and there is one
 * matrix per side; anything else falls to a scalar loop, ~10× slower: a dense layer's weight
 * gradient xᵀ·dy (1.3 GMAC/s against 15) and its input gradient dy·Wᵀ both take it. Transposing
 * the operand first (a memory pass, free where a side is a vector) keeps every single-matrix
 * product on XNNPACK. Batched products keep tfjs's loop: `_FusedMatMul` reaches the same C++
 * function as the shipped `BatchMatMul`.
 */
function batchMatMul(args: Parameters<tf.KernelFunc>[0], backendName: string): tf.TensorInfo {
  const backend = args.backend as tf.KernelBackend;
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
  // The checks of tfjs-wasm's own kernel, which tfjs's matMul op leaves to the kernel: unchecked,
  // mismatched operands would read past a matrix and return garbage.
  if (a.dtype !== 'float32' || b.dtype !== 'float32') throw new Error('BatchMatMul for non non-float32 tensors not yet supported.');
  const inner = (t: tf.TensorInfo, transposed: boolean) => t.shape[t.shape.length - (transposed ? 2 : 1)];
  const innerA = inner(a, transposeA);
  const innerB = inner(b, !transposeB);
  tf.util.assert(innerA === innerB, () => `Error in matMul: inner shapes (${innerA}) and (${innerB}) of Tensors with shapes ${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`);
  const outerDims = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const run = (name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap) => runKernel(backendName, name, backend, inputs, attrs);
  const matrices = (t: tf.TensorInfo) => t.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  const asMatrices = (t: tf.TensorInfo) => run(tf.Reshape, { x: t }, { shape: [matrices(t), ...t.shape.slice(-2)] });
  const a3 = asMatrices(a);
  const b3 = asMatrices(b);
  const single = matrices(a) === 1 && matrices(b) === 1;
  const transposed = (t: tf.TensorInfo) => {
    const [, rows, cols] = t.shape;
    return rows === 1 || cols === 1 ? run(tf.Reshape, { x: t }, { shape: [1, cols, rows] }) : run(tf.Transpose, { x: t }, { perm: [0, 2, 1] });
  };
  const left = single && transposeA ? transposed(a3) : a3;
  const right = single && transposeB ? transposed(b3) : b3;
  const product = run(tf._FusedMatMul, { a: left, b: right }, {
    transposeA: !single && transposeA,
    transposeB: !single && transposeB,
    activation: 'linear',
  });
  const outShape = [...outerDims, ...product.shape.slice(-2)];
  const out = run(tf.Reshape, { x: product }, { shape: outShape });
  disposeIntermediates(backend, ...new Set([a3, b3, left, right]), product);
  return out;
}

export const batchMatMulConfig: tf.KernelConfig = {
  kernelName: tf.BatchMatMul,
  backendName: 'wasm',
  kernelFunc: (args) => batchMatMul(args, 'wasm'),
};
