import { tf } from '@atelier/plugin-api';

/** Seeded PRNG (mulberry32), so a failing case can be replayed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

export interface ConvCase {
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  strides: [number, number];
  pad: Pad;
}

/** A random NHWC convolution whose output is at least 1×1. */
export function randomConvCase(next: () => number): ConvCase {
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const fh = int(1, 5);
  const fw = int(1, 5);
  const kind = int(0, 2);
  const pad: Pad =
    kind === 0 ? 'same' : kind === 1 ? 'valid' : [[0, 0], [int(0, 2), int(0, 2)], [int(0, 2), int(0, 2)], [0, 0]];
  const extraH = Array.isArray(pad) ? pad[1][0] + pad[1][1] : 0;
  const extraW = Array.isArray(pad) ? pad[2][0] + pad[2][1] : 0;
  const h = Math.max(int(2, 11), fh - extraH);
  const w = Math.max(int(2, 11), fw - extraW);
  const inChannels = int(1, 5);
  return {
    xShape: [int(1, 3), h, w, inChannels],
    filterShape: [fh, fw, inChannels, int(1, 5)],
    strides: [int(1, 3), int(1, 3)],
    pad,
  };
}

/** Fills with values in [-1, 1) away from 0, never all zeros. */
export function randomValues(size: number, next: () => number): Float32Array {
  return Float32Array.from({ length: size }, () => (next() < 0.5 ? -1 : 1) * (0.1 + 0.9 * next()));
}

/**
 * Naive forward-tap walk shared by both gradients: every (n, i, j, a, b) pairs output pixel (i, j)
 * with input pixel (i·s + a − top, j·s + b − left) when that lies inside the image.
 */
function forEachTap(c: ConvCase, visit: (xIndex: number, dyIndex: number, wIndex: number) => void): void {
  const [n, h, w, ci] = c.xShape;
  const [fh, fw, , co] = c.filterShape;
  const info = tf.backend_util.computeConv2DInfo(c.xShape, c.filterShape, c.strides, 1, c.pad);
  const { outHeight, outWidth, padInfo } = info;
  for (let b = 0; b < n; b++)
    for (let i = 0; i < outHeight; i++)
      for (let j = 0; j < outWidth; j++)
        for (let a = 0; a < fh; a++)
          for (let e = 0; e < fw; e++) {
            const y = i * c.strides[0] + a - padInfo.top;
            const x = j * c.strides[1] + e - padInfo.left;
            if (y < 0 || y >= h || x < 0 || x >= w) continue;
            for (let k = 0; k < ci; k++)
              for (let o = 0; o < co; o++)
                visit(((b * h + y) * w + x) * ci + k, ((b * outHeight + i) * outWidth + j) * co + o, ((a * fw + e) * ci + k) * co + o);
          }
}

export function outShape(c: ConvCase): [number, number, number, number] {
  const info = tf.backend_util.computeConv2DInfo(c.xShape, c.filterShape, c.strides, 1, c.pad);
  return info.outShape;
}

export function naiveFilterGradient(c: ConvCase, x: Float32Array, dy: Float32Array): Float64Array {
  const dw = new Float64Array(c.filterShape.reduce((p, d) => p * d, 1));
  forEachTap(c, (xi, dyi, wi) => (dw[wi] += x[xi] * dy[dyi]));
  return dw;
}

export function naiveInputGradient(c: ConvCase, dy: Float32Array, filter: Float32Array): Float64Array {
  const dx = new Float64Array(c.xShape.reduce((p, d) => p * d, 1));
  forEachTap(c, (xi, dyi, wi) => (dx[xi] += filter[wi] * dy[dyi]));
  return dx;
}

/** max |actual − expected| relative to the largest expected magnitude. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / scale;
}
