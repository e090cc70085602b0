import { z } from 'zod';
import { defineEditor, definePlugin } from '@atelier/plugin-api';

/** A third-party editor that declares no output shape: validation cannot know its size or count. */
const tile = defineEditor<{ times: number }>({
  id: 'other.tile',
  title: 'Tile',
  description: 'Repeats every image side by side.',
  params: z.strictObject({ times: z.number().int().min(1).max(8) }),
  inputs: 1,
  async apply(ctx, [batch], p) {
    return { images: ctx.tf.tile(batch.images, [1, 1, p.times, 1]), meta: batch.meta.map((m) => ({ ...m })), range: 'unit' };
  },
});

export default definePlugin({ name: 'other', version: '0.0.0', editors: [tile] });
