import { tf } from '@atelier/plugin-api';
import { disposeIntermediates, runKernel } from './run-kernel.js';

/**
 * LeakyRelu on WASM as x · step(x, α) (1 where x > 0, else α): the same bits as tfjs-wasm's kernel
 * (x · 1 = x, x · α = α · x, ±0 stays ±0), which ran 10× slower than these two passes on a DCGAN
 * discriminator's activations (2.3 against 0.2 ms for 32×14×14×64); the whole DCGAN step gains
 * 1.5–4%. Other dtypes are cast first: LeakyRelu returns float32 for any input.
 */
function leakyRelu(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = args.backend as tf.KernelBackend;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { alpha } = args.attrs as unknown as tf.LeakyReluAttrs;
  const run = (name: string, inputs: tf.NamedTensorInfoMap, attrs?: tf.NamedAttrMap) => runKernel('wasm', name, backend, inputs, attrs);
  const values = x.dtype === 'float32' ? x : run(tf.Cast, { x }, { dtype: 'float32' });
  const slopes = run(tf.Step, { x: values }, { alpha });
  const out = run(tf.Multiply, { a: values, b: slopes });
  disposeIntermediates(backend, slopes, ...(values === x ? [] : [values]));
  return out;
}

export const leakyReluConfig: tf.KernelConfig = {
  kernelName: tf.LeakyRelu,
  backendName: 'wasm',
  kernelFunc: leakyRelu,
};
