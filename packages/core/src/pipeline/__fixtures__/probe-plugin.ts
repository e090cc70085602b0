import { z } from 'zod';
import { autoencoder } from '../../training/__fixtures__/autoencoder-plugin.js';
import { defineEditor, defineModelFamily, definePlugin } from '@atelier/plugin-api';

/** Declares `restore` but its handle offers none: core must refuse it when it loads. */
const hollow = defineModelFamily({ ...autoencoder, id: 'hollow.autoencoder', load: ({ models }) => ({ dispose: () => models.autoencoder.dispose() }) });

/** Opens the checkpoint named by its `model` parameter for one capability (the per-call options form), then passes images through. */
const openAs = (id: string, capability: 'restore' | 'generate') =>
  defineEditor<{ model: string }>({
    id,
    title: id,
    description: `Opens the checkpoint named by \`model\` for ${capability}`,
    params: z.object({ model: z.string() }),
    inputs: 1,
    async apply(ctx, [batch], { model }) {
      await ctx.open(model, { capability, field: 'model' });
      return { images: batch.images.clone(), meta: batch.meta };
    },
  });

export default definePlugin({ name: 'probes', version: '0.0.0', modelFamilies: [hollow], editors: [openAs('probe.restore', 'restore'), openAs('probe.generate', 'generate')] });
