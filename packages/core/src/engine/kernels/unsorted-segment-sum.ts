import { tf } from '@atelier/plugin-api';
import { disposeIntermediates, runKernel } from './run-kernel.js';

/**
 * WASM ships no UnsortedSegmentSum, the gradient of gather (Embedding layers). out[s] = Σ_{ids[i]=s} x[i]
 * is oneHot(ids)ᵀ · x; ids outside [0, numSegments) get an all-zero one-hot row and drop out, as in TF.
 */
function unsortedSegmentSum(args: Parameters<tf.KernelFunc>[0], backendName: string): tf.TensorInfo {
  const backend = args.backend as tf.KernelBackend;
  const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = args.attrs as unknown as tf.UnsortedSegmentSumAttrs;
  if (x.dtype !== 'float32') throw new Error(`${tf.UnsortedSegmentSum} on ${backendName} supports float32 only`);
  const run = (name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap) =>
    runKernel(backendName, name, backend, inputs, attrs);
  const count = segmentIds.shape.reduce((a, b) => a * b, 1);
  const rest = x.shape.slice(segmentIds.shape.length);
  const restSize = rest.reduce((a, b) => a * b, 1);
  const ids = run(tf.Reshape, { x: segmentIds }, { shape: [count] });
  // WASM's OneHot writes int32 bits whatever dtype it is asked for, so cast explicitly.
  const oneHot = run(tf.OneHot, { indices: ids }, { depth: numSegments, onValue: 1, offValue: 0, dtype: 'int32' });
  const mask = run(tf.Cast, { x: oneHot }, { dtype: 'float32' });
  const a = run(tf.Reshape, { x: mask }, { shape: [1, count, numSegments] });
  const b = run(tf.Reshape, { x }, { shape: [1, count, restSize] });
  const sum = run(tf.BatchMatMul, { a, b }, { transposeA: true, transposeB: false });
  const out = run(tf.Reshape, { x: sum }, { shape: [numSegments, ...rest] });
  disposeIntermediates(backend, ids, oneHot, mask, a, b, sum);
  return out;
}

export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: (args) => unsortedSegmentSum(args, 'wasm'),
};
