import { tf } from '../tf.js';
import { disposeIntermediates, runKernel } from './run-kernel.js';

/**
 * Transposed convolution as one stride-1 forward convolution. With y' = y + padTop = q·s + r, output
 * row y only meets filter rows r, r+s, r+2s…, i.e. each of the s×s output phases (r_y, r_x) is a
 * stride-1 correlation of dy with a flipped sub-filter. The sub-filters share dy, so they are stacked
 * along output channels ([K, K, Co, s·s·Ci], zero where a phase has fewer taps), computed by the
 * backend's fast Conv2D in one call, then interleaved (depth-to-space) and cropped by the padding.
 * WASM's own kernel is a scalar loop that dominated DCGAN steps (915 of 1,375 ms at batch 64). Not
 * used on CPU: there the shipped kernel beats CPU's own Conv2D on this layout (~1.0 s vs ~3.0 s for
 * 8×7×7×128 → 8×14×14×64, 4×4, stride 2).
 */
function conv2DBackpropInput(args: Parameters<tf.KernelFunc>[0], backendName: string): tf.TensorInfo {
  const backend = args.backend as tf.KernelBackend;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  if (attrs.dataFormat === 'NCHW') {
    throw new Error(`${tf.Conv2DBackpropInput} on ${backendName} supports dataFormat NHWC only`);
  }
  const inputShape = attrs.inputShape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, padInfo } = info;
  const [batch, height, width, inChannels] = inputShape;
  const [, outHeight, outWidth, outChannels] = dy.shape;
  const kh = Math.ceil(fh / sh);
  const kw = Math.ceil(fw / sw);

  const w = backend.readSync(filter.dataId) as Float32Array;
  const phases = sh * sw;
  const sub = new Float32Array(kh * kw * outChannels * phases * inChannels);
  for (let my = 0; my < kh; my++) {
    for (let mx = 0; mx < kw; mx++) {
      for (let ry = 0; ry < sh; ry++) {
        const a = ry + (kh - 1 - my) * sh;
        if (a >= fh) continue;
        for (let rx = 0; rx < sw; rx++) {
          const b = rx + (kw - 1 - mx) * sw;
          if (b >= fw) continue;
          const phase = ry * sw + rx;
          for (let ci = 0; ci < inChannels; ci++) {
            const from = ((a * fw + b) * inChannels + ci) * outChannels;
            let to = ((my * kw + mx) * outChannels * phases + phase) * inChannels + ci;
            for (let co = 0; co < outChannels; co++, to += phases * inChannels) sub[to] = w[from + co];
          }
        }
      }
    }
  }
  const subShape = [kh, kw, outChannels, phases * inChannels];
  const subFilter: tf.TensorInfo = { dataId: backend.write(sub, subShape, 'float32'), shape: subShape, dtype: 'float32' };

  // Phase rows q = 0 … Q-1 cover y' = 0 … Q·s-1 ⊇ [padTop, padTop + H).
  const rows = Math.floor((padInfo.top + height - 1) / sh) + 1;
  const cols = Math.floor((padInfo.left + width - 1) / sw) + 1;
  const run = (name: string, inputs: tf.NamedTensorInfoMap, kernelAttrs: tf.NamedAttrMap) =>
    runKernel(backendName, name, backend, inputs, kernelAttrs);
  const conv = run(tf.Conv2D, { x: dy, filter: subFilter }, {
    strides: [1, 1],
    pad: [[0, 0], [kh - 1, Math.max(0, rows - outHeight)], [kw - 1, Math.max(0, cols - outWidth)], [0, 0]],
    dataFormat: 'NHWC',
    dilations: [1, 1],
  });
  disposeIntermediates(backend, subFilter);
  const [, convRows, convCols] = conv.shape;
  const split = run(tf.Reshape, { x: conv }, { shape: [batch, convRows, convCols, sh, sw, inChannels] });
  const interleaved = run(tf.Transpose, { x: split }, { perm: [0, 1, 3, 2, 4, 5] });
  disposeIntermediates(backend, conv, split);
  const grid = run(tf.Reshape, { x: interleaved }, { shape: [batch, convRows * sh, convCols * sw, inChannels] });
  const dx = run(tf.Slice, { x: grid }, { begin: [0, padInfo.top, padInfo.left, 0], size: inputShape });
  disposeIntermediates(backend, interleaved, grid);
  return dx;
}

export const conv2DBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: (args) => conv2DBackpropInput(args, 'wasm'),
};
