import { tf } from '@atelier/plugin-api';
import { disposeIntermediates, runKernel } from './run-kernel.js';

/**
 * dW[a,b,ci,co] = Σ_{n,i,j} xPadded[n, i·s + a, j·s + b, ci] · dy[n,i,j,co]: a stride-1 convolution
 * of x seen as a batch of Ci images with N channels ([Ci,H,W,N]) by dy seen as an [Ho,Wo,N,Co]
 * filter dilated by the stride. The heavy work then runs in the backend's own forward Conv2D (XNNPACK
 * on WASM) instead of the CPU backend's scalar loop or nothing at all (WASM ships no such kernel).
 */
function conv2DBackpropFilter(args: Parameters<tf.KernelFunc>[0], backendName: string): tf.TensorInfo {
  const backend = args.backend as tf.KernelBackend;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (attrs.dataFormat === 'NCHW') {
    throw new Error(`${tf.Conv2DBackpropFilter} on ${backendName} supports dataFormat NHWC only`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, padInfo } = info;
  const [, height, width] = x.shape;
  const [, outHeight, outWidth] = dy.shape;
  // Pad only as far as the last filter tap reaches; extra rows give extra outputs, sliced off below.
  const bottom = Math.max(0, fh - 1 + (outHeight - 1) * sh + 1 - padInfo.top - height);
  const right = Math.max(0, fw - 1 + (outWidth - 1) * sw + 1 - padInfo.left - width);

  const run = (name: string, inputs: tf.NamedTensorInfoMap, kernelAttrs: tf.NamedAttrMap) =>
    runKernel(backendName, name, backend, inputs, kernelAttrs);
  const xT = run(tf.Transpose, { x }, { perm: [3, 1, 2, 0] });
  const dyT = run(tf.Transpose, { x: dy }, { perm: [1, 2, 0, 3] });
  const conv = run(tf.Conv2D, { x: xT, filter: dyT }, {
    strides: [1, 1],
    pad: [[0, 0], [padInfo.top, bottom], [padInfo.left, right], [0, 0]],
    dataFormat: 'NHWC',
    dilations: [sh, sw],
  });
  disposeIntermediates(backend, xT, dyT);
  const [inChannels, convHeight, convWidth, outChannels] = conv.shape;
  let taps = conv;
  if (convHeight !== fh || convWidth !== fw) {
    taps = run(tf.Slice, { x: conv }, { begin: [0, 0, 0, 0], size: [inChannels, fh, fw, outChannels] });
    disposeIntermediates(backend, conv);
  }
  const dw = run(tf.Transpose, { x: taps }, { perm: [1, 2, 0, 3] });
  disposeIntermediates(backend, taps);
  return dw;
}

export const conv2DBackpropFilterConfigs: tf.KernelConfig[] = ['wasm', 'cpu'].map((backendName) => ({
  kernelName: tf.Conv2DBackpropFilter,
  backendName,
  kernelFunc: (args) => conv2DBackpropFilter(args, backendName),
}));
