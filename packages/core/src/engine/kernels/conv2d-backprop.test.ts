import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ConvCase,
  naiveFilterGradient,
  naiveInputGradient,
  outShape,
  random,
  randomConvCase,
  randomValues,
  relativeError,
} from '../__fixtures__/conv-reference.js';
import { initEngine } from '../engine.js';
import { registerEngineKernels } from '../register-kernels.js';
import { tf } from '@atelier/plugin-api';
import { cachedLayoutBuffers } from './filter-layouts.js';

// CPU keeps tfjs's Conv2DBackpropInput (faster there); the property test still runs it, as a control.
const backends = ['wasm', 'cpu'] as const;
const cases = 40;
const shippedCpu: Record<string, tf.KernelConfig> = {};

beforeAll(async () => {
  await initEngine('wasm');
  await tf.setBackend('cpu');
  // Keep the kernels tfjs shipped for CPU, to check the naive reference against them.
  for (const name of [tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput]) shippedCpu[name] = { ...tf.getKernel(name, 'cpu')! };
  registerEngineKernels('cpu');
});

/** Backend buffers in use, less the rearranged filters kept for live filters (see `filterLayout`). */
const uncachedBuffers = () => tf.engine().backend.numDataIds() - cachedLayoutBuffers(tf.engine().backend);

/** Runs one kernel call and checks that neither tensors nor backend buffers are left behind. */
function runClean(kernelName: string, inputs: Record<string, tf.Tensor>, attrs: object, kernel?: tf.KernelConfig): Float32Array {
  const tensors = tf.memory().numTensors;
  const buffers = uncachedBuffers();
  let values: Float32Array;
  if (kernel) {
    const backend = tf.engine().backend;
    const out = kernel.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
    values = backend.readSync(out.dataId) as Float32Array;
    backend.disposeData(out.dataId);
  } else {
    const out = tf.engine().runKernel(kernelName, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
    values = out.dataSync() as Float32Array;
    out.dispose();
  }
  expect(tf.memory().numTensors).toBe(tensors);
  expect(uncachedBuffers()).toBe(buffers);
  return Float32Array.from(values);
}

function filterGradient(c: ConvCase, x: Float32Array, dy: Float32Array, kernel?: tf.KernelConfig) {
  const xt = tf.tensor4d(x, c.xShape);
  const dyt = tf.tensor4d(dy, outShape(c));
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filterShape };
  const values = runClean(tf.Conv2DBackpropFilter, { x: xt, dy: dyt }, attrs, kernel);
  tf.dispose([xt, dyt]);
  return values;
}

function inputGradient(c: ConvCase, dy: Float32Array, filter: Float32Array, kernel?: tf.KernelConfig) {
  const dyt = tf.tensor4d(dy, outShape(c));
  const ft = tf.tensor4d(filter, c.filterShape);
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.xShape };
  const values = runClean(tf.Conv2DBackpropInput, { dy: dyt, filter: ft }, attrs, kernel);
  tf.dispose([dyt, ft]);
  return values;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

describe.each(backends)('engine convolution gradients on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  it('Conv2DBackpropFilter matches a naive reference on random shapes, strides and paddings', () => {
    const next = random(backend === 'wasm' ? 1 : 2);
    for (let k = 0; k < cases; k++) {
      const c = randomConvCase(next);
      const x = randomValues(size(c.xShape), next);
      const dy = randomValues(size(outShape(c)), next);
      const error = relativeError(filterGradient(c, x, dy), naiveFilterGradient(c, x, dy));
      expect(error, JSON.stringify(c)).toBeLessThanOrEqual(1e-4);
    }
  });

  it('Conv2DBackpropInput matches a naive reference on random shapes, strides and paddings', () => {
    const next = random(backend === 'wasm' ? 3 : 4);
    for (let k = 0; k < cases; k++) {
      const c = randomConvCase(next);
      const dy = randomValues(size(outShape(c)), next);
      const filter = randomValues(size(c.filterShape), next);
      const error = relativeError(inputGradient(c, dy, filter), naiveInputGradient(c, dy, filter));
      expect(error, JSON.stringify(c)).toBeLessThanOrEqual(1e-4);
    }
  });

  it('Conv2DBackpropInput matches the reference with enough input channels for one convolution per phase', () => {
    const next = random(backend === 'wasm' ? 8 : 9);
    const wide = (c: ConvCase): ConvCase => {
      const channels = 8 + Math.floor(next() * 5);
      return { ...c, xShape: [c.xShape[0], c.xShape[1], c.xShape[2], channels], filterShape: [c.filterShape[0], c.filterShape[1], channels, c.filterShape[3]] };
    };
    // A DCGAN upsampling (stride 2 divides 14, every phase exact), then random shapes, many of them stacked.
    const dcgan: ConvCase = { xShape: [2, 14, 14, 16], filterShape: [4, 4, 16, 8], strides: [2, 2], pad: 'same' };
    for (const c of [dcgan, ...Array.from({ length: 20 }, () => wide(randomConvCase(next)))]) {
      const dy = randomValues(size(outShape(c)), next);
      const filter = randomValues(size(c.filterShape), next);
      const error = relativeError(inputGradient(c, dy, filter), naiveInputGradient(c, dy, filter));
      expect(error, JSON.stringify(c)).toBeLessThanOrEqual(1e-4);
    }
  });

  it('refuses channels-first data with a clear error', () => {
    const c: ConvCase = { xShape: [1, 4, 4, 2], filterShape: [2, 2, 2, 3], strides: [1, 1], pad: 'valid' };
    const x = tf.ones(c.xShape);
    const dy = tf.ones(outShape(c));
    expect(() =>
      tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
        strides: c.strides, pad: c.pad, dataFormat: 'NCHW', filterShape: c.filterShape,
      } as unknown as tf.NamedAttrMap),
    ).toThrow(/NHWC only/);
    tf.dispose([x, dy]);
  });
});

describe('transposed convolution filters kept on WASM', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  const dcgan: ConvCase = { xShape: [2, 14, 14, 16], filterShape: [4, 4, 16, 8], strides: [2, 2], pad: 'same' };
  const transpose = (c: ConvCase, dy: tf.Tensor, filter: tf.Tensor) =>
    tf.tidy(() => tf.conv2dTranspose(dy as tf.Tensor4D, filter as tf.Tensor4D, c.xShape, c.strides, c.pad).dataSync() as Float32Array);

  it('reuses a filter\'s sub-filters while it lives and frees them once it is gone', () => {
    const next = random(21);
    const dy = tf.tensor4d(randomValues(size(outShape(dcgan)), next), outShape(dcgan));
    const first = tf.tensor4d(randomValues(size(dcgan.filterShape), next), dcgan.filterShape);
    const before = tf.engine().backend.numDataIds();
    const values = transpose(dcgan, dy, first);
    const kept = tf.engine().backend.numDataIds() - before;
    expect(kept).toBeGreaterThan(0);
    expect(transpose(dcgan, dy, first)).toEqual(values);
    expect(tf.engine().backend.numDataIds()).toBe(before + kept);
    const firstValues = first.dataSync() as Float32Array;
    first.dispose();
    const second = tf.tensor4d(randomValues(size(dcgan.filterShape), next), dcgan.filterShape);
    expect(relativeError(transpose(dcgan, dy, second), naiveInputGradient(dcgan, dy.dataSync() as Float32Array, second.dataSync() as Float32Array))).toBeLessThanOrEqual(1e-4);
    // The first filter's sub-filters went with it; the second's took their place.
    expect(tf.engine().backend.numDataIds()).toBe(before + kept);
    expect(relativeError(values, naiveInputGradient(dcgan, dy.dataSync() as Float32Array, firstValues))).toBeLessThanOrEqual(1e-4);
    tf.dispose([dy, second]);
  });

  it('follows a variable\'s updates and a filter used with several paddings', () => {
    const next = random(22);
    const filter = tf.variable(tf.tensor4d(randomValues(size(dcgan.filterShape), next), dcgan.filterShape));
    // 'same' and 'valid' pad 14 rows differently by one, so each output row meets the other filter phase.
    const cases = (['same', 'valid'] as const).map((pad) => ({ ...dcgan, pad }));
    const dys = cases.map((c) => tf.tensor4d(randomValues(size(outShape(c)), next), outShape(c)));
    for (let update = 0; update < 2; update++) {
      cases.forEach((c, k) => {
        const expected = naiveInputGradient(c, dys[k].dataSync() as Float32Array, filter.dataSync() as Float32Array);
        expect(relativeError(transpose(c, dys[k], filter), expected), `${c.pad}, update ${update}`).toBeLessThanOrEqual(1e-4);
      });
      filter.assign(tf.tensor4d(randomValues(size(dcgan.filterShape), next), dcgan.filterShape));
    }
    tf.dispose([filter, ...dys]);
  });

  it('tells a filter from a reshaped view of the same data', () => {
    const next = random(24);
    const filter = tf.tensor4d(randomValues(size(dcgan.filterShape), next), dcgan.filterShape);
    const [kh, kw, inChannels, outChannels] = dcgan.filterShape;
    const view = tf.reshape(filter, [kh, kw, outChannels, inChannels]);
    const viewCase: ConvCase = { ...dcgan, xShape: [2, 14, 14, outChannels], filterShape: [kh, kw, outChannels, inChannels] };
    for (const [c, f] of [[dcgan, filter], [viewCase, view]] as const) {
      const dy = tf.tensor4d(randomValues(size(outShape(c)), next), outShape(c));
      const expected = naiveInputGradient(c, dy.dataSync() as Float32Array, f.dataSync() as Float32Array);
      expect(relativeError(transpose(c, dy, f), expected)).toBeLessThanOrEqual(1e-4);
      dy.dispose();
    }
    tf.dispose([filter, view]);
  });

  it('keeps sub-filters for at most 32 filters', () => {
    const next = random(23);
    const dy = tf.tensor4d(randomValues(size(outShape(dcgan)), next), outShape(dcgan));
    const filters = Array.from({ length: 40 }, () => tf.tensor4d(randomValues(size(dcgan.filterShape), next), dcgan.filterShape));
    // The first call also frees what earlier tests' disposed filters left; the second adds one filter's.
    transpose(dcgan, dy, filters[0]);
    const before = cachedLayoutBuffers(tf.engine().backend);
    transpose(dcgan, dy, filters[1]);
    const perFilter = cachedLayoutBuffers(tf.engine().backend) - before;
    expect(perFilter).toBeGreaterThan(0);
    for (const filter of filters) transpose(dcgan, dy, filter);
    expect(cachedLayoutBuffers(tf.engine().backend)).toBe(32 * perFilter);
    tf.dispose([dy, ...filters]);
  });
});

describe('the naive reference', () => {
  it('agrees with the CPU kernels tfjs shipped', async () => {
    await tf.setBackend('cpu');
    const next = random(5);
    for (let k = 0; k < 10; k++) {
      const c = randomConvCase(next);
      const x = randomValues(size(c.xShape), next);
      const dy = randomValues(size(outShape(c)), next);
      const filter = randomValues(size(c.filterShape), next);
      const shippedFilter = filterGradient(c, x, dy, shippedCpu[tf.Conv2DBackpropFilter]);
      const shippedInput = inputGradient(c, dy, filter, shippedCpu[tf.Conv2DBackpropInput]);
      expect(relativeError(shippedFilter, naiveFilterGradient(c, x, dy))).toBeLessThanOrEqual(1e-5);
      expect(relativeError(shippedInput, naiveInputGradient(c, dy, filter))).toBeLessThanOrEqual(1e-5);
    }
  });
});
