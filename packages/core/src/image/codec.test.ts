import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { AtelierError, tf } from '@atelier/plugin-api';
import { makeTempDir } from '../__fixtures__/temp-dir.js';
import { shapeImage, writeCorruptFile, writeShapeImages } from '../__fixtures__/images.js';
import { decodeImage, decodeImages, encodeBatch, encodePng } from './codec.js';

const limits = { maxImageSide: 64, maxImagePixels: 64 * 48 };
let temp: Awaited<ReturnType<typeof makeTempDir>>;

beforeAll(async () => {
  await initEngine('wasm');
  temp = await makeTempDir();
});
afterAll(() => temp.remove());

async function rejection(promise: Promise<unknown>): Promise<AtelierError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AtelierError);
  return error as AtelierError;
}

describe('decodeImage', () => {
  it('keeps colour images RGB and gray images gray, in [0, 1], with the path as source', async () => {
    const [colour] = await writeShapeImages(temp.dir, { count: 1, width: 12, height: 8, prefix: 'rgb-' });
    const [gray] = await writeShapeImages(temp.dir, { count: 1, width: 12, height: 8, channels: 1, prefix: 'gray-' });
    const rgb = await decodeImage(colour, { limits });
    const mono = await decodeImage(gray, { limits });
    expect(rgb.images.shape).toEqual([1, 8, 12, 3]);
    expect(mono.images.shape).toEqual([1, 8, 12, 1]);
    expect(rgb.meta).toEqual([{ source: colour }]);
    expect(rgb.range).toBe('unit');
    expect(tf.max(rgb.images).dataSync()[0]).toBeLessThanOrEqual(1);
    expect(tf.min(mono.images).dataSync()[0]).toBeGreaterThanOrEqual(0);
    tf.dispose([rgb.images, mono.images]);
  });

  it('resizes on load and converts channels when asked', async () => {
    const png = await shapeImage(0, { width: 20, height: 10 });
    const batch = await decodeImage(png, { limits, width: 6, height: 4, channels: 1, source: 'upload' });
    expect(batch.images.shape).toEqual([1, 4, 6, 1]);
    expect(batch.meta).toEqual([{ source: 'upload' }]);
    batch.images.dispose();
  });

  it('reads JPEG and WebP by content and drops alpha', async () => {
    const jpeg = await shapeImage(1, { width: 8, height: 8, format: 'jpeg' });
    const webp = await shapeImage(1, { width: 8, height: 8, format: 'webp' });
    const rgba = await sharp({ create: { width: 5, height: 5, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 1 } } }).png().toBuffer();
    for (const input of [jpeg, webp, rgba]) {
      const batch = await decodeImage(input, { limits });
      expect(batch.images.shape[3]).toBe(3);
      batch.images.dispose();
    }
  });

  it('refuses a corrupt file with IMAGE_INVALID, keeping the sharp error as cause', async () => {
    const file = await writeCorruptFile(temp.dir);
    const error = await rejection(decodeImage(file, { limits }));
    expect(error.code).toBe('IMAGE_INVALID');
    expect(error.details).toMatchObject({ path: file, source: file });
    expect(error.cause).toBeInstanceOf(Error);
    expect((await rejection(decodeImage(Buffer.from('hello'), { limits, source: 'upload' }))).details.source).toBe('upload');
  });

  it('refuses oversize images from the header with LIMIT_EXCEEDED and the limit', async () => {
    const wide = await shapeImage(0, { width: 65, height: 4 });
    const big = await shapeImage(0, { width: 60, height: 60 });
    const side = await rejection(decodeImage(wide, { limits }));
    expect(side.code).toBe('LIMIT_EXCEEDED');
    expect(side.details.limit).toBe(64);
    const pixels = await rejection(decodeImage(big, { limits }));
    expect(pixels.details.limit).toBe(64 * 48);
    expect((await rejection(decodeImage(await shapeImage(0, { width: 4, height: 4 }), { limits, width: 100, height: 2 }))).code).toBe(
      'LIMIT_EXCEEDED',
    );
  });
});

describe('decodeImages', () => {
  it('brings all images to the first size and to RGB when any is colour', async () => {
    const gray = await shapeImage(0, { width: 10, height: 6, channels: 1 });
    const colour = await shapeImage(1, { width: 7, height: 9 });
    const batch = await decodeImages([gray, colour], { limits });
    expect(batch.images.shape).toEqual([2, 6, 10, 3]);
    expect(batch.meta).toHaveLength(2);
    batch.images.dispose();
  });
});

describe('encodePng / encodeBatch', () => {
  it('round-trips within 1/255 and gives the same bytes for the same tensor', async () => {
    const before = tf.memory().numTensors;
    const original = await decodeImages(await writeShapeImages(path.join(temp.dir, 'rt'), { count: 2, width: 9, height: 7 }), { limits });
    const pngs = await encodeBatch(original);
    expect(pngs).toHaveLength(2);
    expect(Buffer.compare(pngs[1], await encodePng(original, 1))).toBe(0);
    const again = await decodeImages(pngs, { limits });
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(again.images, original.images))).dataSync()[0]);
    expect(diff).toBeLessThanOrEqual(1 / 255 + 1e-6);
    tf.dispose([original.images, again.images]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('maps a symmetric batch back to [0, 1] and clips out-of-range values', async () => {
    const images = tf.tensor4d([-1, 0, 1, 3], [1, 1, 4, 1]);
    const png = await encodePng({ images, meta: [{}], range: 'symmetric' }, 0);
    const { data, info } = await sharp(png).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(1);
    expect([...data]).toEqual([0, 128, 255, 255]);
    images.dispose();
    await expect(encodePng({ images, meta: [{}] }, 3)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('writes gray batches as gray PNGs that decode back to one channel', async () => {
    const file = path.join(temp.dir, 'written.png');
    const images = tf.fill([1, 3, 3, 1], 0.5) as tf.Tensor4D;
    await fs.writeFile(file, await encodePng({ images, meta: [{}] }, 0));
    const back = await decodeImage(file, { limits });
    expect(back.images.shape).toEqual([1, 3, 3, 1]);
    expect(back.images.dataSync()[0]).toBeCloseTo(128 / 255, 5);
    tf.dispose([images, back.images]);
  });
});
