import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { tf } from '@atelier/plugin-api';
import { makeGrid } from './grid.js';

beforeAll(() => initEngine('wasm'));

function filled(values: number[], height: number, width: number): tf.Tensor4D {
  return tf.tidy(() => tf.stack(values.map((v) => tf.fill([height, width, 1], v))) as tf.Tensor4D);
}

describe('makeGrid', () => {
  it('lays out rows × columns cells with padding around each image', () => {
    const before = tf.memory().numTensors;
    const images = filled([0.2, 0.4, 0.6, 0.8, 1], 2, 3);
    const grid = makeGrid(tf, { images, meta: [1, 2, 3, 4, 5].map((i) => ({ source: `s${i}` })) }, { padding: 1, background: 0 });
    // 5 images → 3 columns, 2 rows: width 3·(3+1)+1, height 2·(2+1)+1.
    expect(grid.images.shape).toEqual([1, 7, 13, 1]);
    const pixels = grid.images.arraySync()[0].map((row) => row.map((px) => px[0]));
    expect(pixels[1][1]).toBeCloseTo(0.2); // first image, top-left of cell (0, 0)
    expect(pixels[1][5]).toBeCloseTo(0.4); // second image, cell (0, 1)
    expect(pixels[4][1]).toBeCloseTo(0.8); // fourth image starts row 2
    expect(pixels[4][9]).toBe(0); // empty sixth cell is background
    expect(pixels[0][1]).toBe(0); // padding row
    expect(grid.meta).toEqual([{ grid: { count: 5, columns: 3, rows: 2, padding: 1 }, sources: ['s1', 's2', 's3', 's4', 's5'] }]);
    tf.dispose([images, grid.images]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('honours columns and writes the background in the batch range', () => {
    const images = filled([0.5, 0.5], 2, 2);
    const grid = makeGrid(tf, { images, meta: [{}, {}], range: 'symmetric' }, { columns: 1, padding: 2, background: 0 });
    expect(grid.images.shape).toEqual([1, 10, 6, 1]);
    expect(grid.images.arraySync()[0][0][0][0]).toBe(-1);
    expect(grid.range).toBe('symmetric');
    tf.dispose([images, grid.images]);
  });
});
