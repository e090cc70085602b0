import { tf } from '@atelier/plugin-api';
import type { WasmBackend } from './wasm-backend.js';
import { filterLayout } from './filter-layouts.js';
import { disposeIntermediates, runKernel } from './run-kernel.js';

type KernelBackend = tf.KernelBackend;
type Run = (name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap) => tf.TensorInfo;

/** One side (rows or columns) of a transposed convolution. */
interface Side {
  /** The gradient's size (the forward input's), dy's size (the forward output's), stride, filter taps. */
  size: number;
  out: number;
  stride: number;
  taps: number;
  /** The forward padding before the first row or column. */
  pad: number;
  /** Each phase's sub-filter taps: ⌈taps / stride⌉. */
  phaseTaps: number;
}

interface Geometry {
  rows: Side;
  cols: Side;
  batch: number;
  inChannels: number;
  outChannels: number;
}

// Below this, a phase's few output channels leave the backend's matrix tiles mostly empty and the
// stacked form wins (measured at batch 32: 1 and 4 channels ~2× faster stacked, 8 even, 16+ per phase).
const minPhaseChannels = 8;

/**
 * Transposed convolution as stride-1 forward convolutions. With y' = y + padTop = q·s + r, output
 * row y only meets filter rows r, r+s, r+2s…, i.e. each of the s×s output phases (r_y, r_x) is a
 * stride-1 correlation of dy with a flipped sub-filter ([K, K, Co, Ci], zero where a phase has fewer
 * taps), computed by the backend's fast Conv2D. WASM's own kernel is a scalar loop that dominated
 * DCGAN steps (915 of 1,375 ms at batch 64). Not used on CPU: there the shipped kernel beats CPU's
 * own Conv2D on this layout (~1.0 s vs ~3.0 s for 8×7×7×128 → 8×14×14×64, 4×4, stride 2).
 *
 * Where the stride divides the image, every phase has the same number of pixels, and one
 * convolution per phase computes exactly those, which then interleave (depth-to-space). Otherwise,
 * or where a phase would have few channels, the sub-filters are stacked along output channels and
 * one convolution covers every phase over all the rows any phase needs, cropped afterwards: up to
 * ((H/s + 1)·s/H)² the work (31% more for 7×7 → 14×14). Both sum each pixel's taps in the same
 * order, so they give the same bits. Either form's sub-filters are made once per filter (`filterLayout`).
 */
function conv2DBackpropInput(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  if (attrs.dataFormat === 'NCHW') {
    throw new Error(`${tf.Conv2DBackpropInput} on wasm supports dataFormat NHWC only`);
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
  const [batch, height, width, inChannels] = inputShape;
  const [, outHeight, outWidth, outChannels] = dy.shape;
  const side = (size: number, out: number, stride: number, taps: number, pad: number): Side => ({
    size, out, stride, taps, pad, phaseTaps: Math.ceil(taps / stride),
  });
  const g: Geometry = {
    rows: side(height, outHeight, info.strideHeight, info.filterHeight, info.padInfo.top),
    cols: side(width, outWidth, info.strideWidth, info.filterWidth, info.padInfo.left),
    batch,
    inChannels,
    outChannels,
  };
  const run: Run = (name, inputs, kernelAttrs) => runKernel('wasm', name, backend, inputs, kernelAttrs);
  const rows = phasePaddings(g.rows);
  const cols = phasePaddings(g.cols);
  return rows && cols && inChannels >= minPhaseChannels ? perPhase(g, dy, filter, rows, cols, backend, run) : stacked(g, dy, filter, backend, run);
}

/** The filter row (or column) phase that output offset φ (its row mod the stride) meets. */
const phaseOf = (offset: number, s: Side) => (offset + s.pad) % s.stride;

/** The output offsets (φy, φx) of the `index`-th phase, phases in row-major order. */
const phaseOffsets = (index: number, cols: Side): [number, number] => [Math.floor(index / cols.stride), index % cols.stride];

/**
 * Phase (ry, rx)'s flipped sub-filter, sub[my, mx, co, ci] = w[ry + (kh-1-my)·sh, rx + (kw-1-mx)·sw, ci, co],
 * written into `target` with output channels `channelStride` apart from `channelOffset`.
 */
function writePhaseFilter(g: Geometry, w: Float32Array, ry: number, rx: number, target: Float32Array, channelStride: number, channelOffset: number): void {
  const { rows, cols, inChannels, outChannels } = g;
  for (let my = 0; my < rows.phaseTaps; my++) {
    const a = ry + (rows.phaseTaps - 1 - my) * rows.stride;
    if (a >= rows.taps) continue;
    for (let mx = 0; mx < cols.phaseTaps; mx++) {
      const b = rx + (cols.phaseTaps - 1 - mx) * cols.stride;
      if (b >= cols.taps) continue;
      for (let ci = 0; ci < inChannels; ci++) {
        const from = ((a * cols.taps + b) * inChannels + ci) * outChannels;
        let to = (my * cols.phaseTaps + mx) * outChannels * channelStride + channelOffset + ci;
        for (let co = 0; co < outChannels; co++, to += channelStride) target[to] = w[from + co];
      }
    }
  }
}

/**
 * `count` filters of one shape, each written in place on the heap by `write` from the filter's own
 * values, kept while the filter lives (see `filterLayout`).
 */
function derivedFilters(
  backend: WasmBackend,
  filter: tf.TensorInfo,
  layout: string,
  shape: number[],
  count: number,
  write: (w: Float32Array, target: Float32Array, index: number) => void,
): tf.TensorInfo[] {
  // A reshaped view shares its filter's data, so the key names the shape too.
  return filterLayout(backend, filter.dataId, `${layout} of ${filter.shape.join('×')}`, () => {
    const made = Array.from({ length: count }, () => backend.makeOutput(shape, 'float32'));
    // Views taken after every output is made: making one may grow (and so replace) the heap.
    const w = backend.typedArrayFromHeap(filter);
    // Zeroed first: the heap is not, and a phase with fewer taps leaves some filter taps unwritten.
    made.forEach((info, index) => write(w, backend.typedArrayFromHeap(info).fill(0), index));
    return made;
  });
}

/**
 * Each output offset φ's [before, after] padding of dy for its own convolution, or null where the
 * stride does not divide the size or a phase would need a negative padding. Output row φ + t·s is
 * phase row q0 + t, q0 = ⌊(φ + pad)/s⌋, and reads dy rows q0 + t − m for m < K.
 */
function phasePaddings(s: Side): [number, number][] | null {
  if (s.size % s.stride !== 0) return null;
  const pads = Array.from({ length: s.stride }, (_, offset): [number, number] => {
    const q0 = Math.floor((offset + s.pad) / s.stride);
    return [s.phaseTaps - 1 - q0, s.size / s.stride - s.out + q0];
  });
  return pads.every(([before, after]) => before >= 0 && after >= 0) ? pads : null;
}

function perPhase(g: Geometry, dy: tf.TensorInfo, filter: tf.TensorInfo, rows: [number, number][], cols: [number, number][], backend: WasmBackend, run: Run): tf.TensorInfo {
  const { rows: r, cols: c, inChannels, outChannels } = g;
  const filterShape = [r.phaseTaps, c.phaseTaps, outChannels, inChannels];
  // Which filter phase each output offset meets depends on the padding, so the layout names it.
  const layout = `phases ${r.stride}×${c.stride} from ${phaseOf(0, r)},${phaseOf(0, c)}`;
  const subFilters = derivedFilters(backend, filter, layout, filterShape, r.stride * c.stride, (w, target, index) => {
    const [fy, fx] = phaseOffsets(index, c);
    writePhaseFilter(g, w, phaseOf(fy, r), phaseOf(fx, c), target, inChannels, 0);
  });
  const phases = subFilters.map((subFilter, index) => {
    const [fy, fx] = phaseOffsets(index, c);
    return run(tf.Conv2D, { x: dy, filter: subFilter }, {
      strides: [1, 1],
      pad: [[0, 0], rows[fy], cols[fx], [0, 0]],
      dataFormat: 'NHWC',
      dilations: [1, 1],
    });
  });
  return phases.length === 1 ? phases[0] : interleave(g, phases, backend);
}

/**
 * Phase (φy, φx)'s pixel (n, i, j) is the gradient's pixel (n, i·sh + φy, j·sw + φx): each pixel's
 * channels are copied within the WASM heap straight to their place: one pass where Concat and a
 * 6-D Transpose took two (1.2 ms a call at batch 32); a DCGAN step gains 1.5–2%. Consumes `phases`.
 */
function interleave(g: Geometry, phases: tf.TensorInfo[], backend: WasmBackend): tf.TensorInfo {
  const { rows: r, cols: c, batch, inChannels } = g;
  const out = backend.makeOutput([batch, r.size, c.size, inChannels], 'float32');
  // Views taken after the output is made: making it may grow (and so replace) the heap.
  const target = backend.typedArrayFromHeap(out);
  const heap = new Float32Array(target.buffer);
  const phaseCols = c.size / c.stride;
  phases.forEach((phase, index) => {
    const [fy, fx] = phaseOffsets(index, c);
    let from = backend.typedArrayFromHeap(phase).byteOffset / 4;
    for (let n = 0; n < batch; n++) {
      for (let y = fy; y < r.size; y += r.stride) {
        let to = target.byteOffset / 4 + ((n * r.size + y) * c.size + fx) * inChannels;
        for (let j = 0; j < phaseCols; j++, from += inChannels, to += c.stride * inChannels) heap.copyWithin(to, from, from + inChannels);
      }
    }
  });
  disposeIntermediates(backend, ...phases);
  return out;
}

/** [n, i, j, (φy, φx, c)] → [n, i·sh + φy, j·sw + φx, c]; consumes `phases`. */
function depthToSpace(g: Geometry, phases: tf.TensorInfo, phaseRows: number, phaseCols: number, backend: KernelBackend, run: Run): tf.TensorInfo {
  const { rows: r, cols: c, batch, inChannels } = g;
  if (r.stride * c.stride === 1) return phases;
  const split = run(tf.Reshape, { x: phases }, { shape: [batch, phaseRows, phaseCols, r.stride, c.stride, inChannels] });
  const interleaved = run(tf.Transpose, { x: split }, { perm: [0, 1, 3, 2, 4, 5] });
  const grid = run(tf.Reshape, { x: interleaved }, { shape: [batch, phaseRows * r.stride, phaseCols * c.stride, inChannels] });
  disposeIntermediates(backend, phases, split, interleaved);
  return grid;
}

function stacked(g: Geometry, dy: tf.TensorInfo, filter: tf.TensorInfo, backend: WasmBackend, run: Run): tf.TensorInfo {
  const { rows: r, cols: c, batch, inChannels, outChannels } = g;
  const phases = r.stride * c.stride;
  const filterShape = [r.phaseTaps, c.phaseTaps, outChannels, phases * inChannels];
  const [subFilter] = derivedFilters(backend, filter, `stacked ${r.stride}×${c.stride}`, filterShape, 1, (w, target) => {
    for (let ry = 0; ry < r.stride; ry++) {
      for (let rx = 0; rx < c.stride; rx++) writePhaseFilter(g, w, ry, rx, target, phases * inChannels, (ry * c.stride + rx) * inChannels);
    }
  });
  // Phase rows q = 0 … Q-1 cover y' = 0 … Q·s-1 ⊇ [padTop, padTop + H).
  const extent = (s: Side): [number, number] => {
    const count = Math.floor((s.pad + s.size - 1) / s.stride) + 1;
    return [s.phaseTaps - 1, Math.max(0, count - s.out)];
  };
  const conv = run(tf.Conv2D, { x: dy, filter: subFilter }, {
    strides: [1, 1],
    pad: [[0, 0], extent(r), extent(c), [0, 0]],
    dataFormat: 'NHWC',
    dilations: [1, 1],
  });
  const grid = depthToSpace(g, conv, conv.shape[1], conv.shape[2], backend, run);
  // The crop slices [n, y, (x, c)]: tfjs-wasm's Slice copies one innermost run per call, so on
  // [n, y, x, c] with one channel it made a call per pixel (measured 9× slower than this at batch 32).
  const [, gridRows, gridCols] = grid.shape;
  const pixelRuns = run(tf.Reshape, { x: grid }, { shape: [batch, gridRows, gridCols * inChannels] });
  const cropped = run(tf.Slice, { x: pixelRuns }, { begin: [0, r.pad, c.pad * inChannels], size: [batch, r.size, c.size * inChannels] });
  const dx = run(tf.Reshape, { x: cropped }, { shape: [batch, r.size, c.size, inChannels] });
  disposeIntermediates(backend, grid, pixelRuns, cropped);
  return dx;
}

export const conv2DBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput,
};
