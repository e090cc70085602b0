import { z } from 'zod';
import { gridLayout, makeGrid } from '../image/grid.js';
import { defineEditor } from '@atelier/plugin-api';
import { unitValue } from './params.js';

const params = z.strictObject({
  /** Images per row; default ceil(√n). */
  columns: z.number().int().min(1).max(1024).optional(),
  padding: z.number().int().min(0).max(64).default(2),
  background: unitValue.default(0),
});

export const grid = defineEditor<z.infer<typeof params>>({
  id: 'image.grid',
  title: 'Contact sheet',
  description: 'Lays the batch out as one image, row by row, with padding between images.',
  params,
  inputs: 1,
  outputShape(_ctx, [input], p) {
    const layout = input.count === null ? null : gridLayout(input.count, p.columns);
    const side = (cells: number | undefined, size: number | null) =>
      cells === undefined || size === null ? null : cells * (size + p.padding) + p.padding;
    const setBy = { width: 'with.columns', height: 'with.columns' };
    return { count: 1, width: side(layout?.columns, input.width), height: side(layout?.rows, input.height), channels: input.channels, setBy };
  },
  async apply(ctx, [batch], p) {
    return makeGrid(ctx.tf, batch, p);
  },
});
