import { tf } from '@atelier/plugin-api';

type KernelBackend = tf.KernelBackend;

/**
 * Runs another kernel of the same backend directly. Engine kernels compose backend kernels rather
 * than `tf.*` ops: ops would record on the tape and return engine-tracked tensors, which breaks when
 * the composed kernel itself runs inside a gradient (fused-conv backprop).
 */
export function runKernel(
  backendName: string,
  kernelName: string,
  backend: KernelBackend,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const config = tf.getKernel(kernelName, backendName);
  if (!config) throw new Error(`Kernel ${kernelName} is not registered for backend ${backendName}`);
  const out = config.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`Kernel ${kernelName} returned several outputs; expected one`);
  return out;
}

/** Releases intermediates; a reshaped view shares its data and only drops one reference. */
export function disposeIntermediates(backend: KernelBackend, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}
