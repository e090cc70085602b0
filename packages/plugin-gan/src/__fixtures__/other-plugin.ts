import { defineModelFamily, definePlugin, tf, z } from '@atelier/plugin-api';

/** A family of another plugin, to check that GAN editors refuse its checkpoints. */
export default definePlugin({
  name: 'other',
  version: '0.0.0',
  modelFamilies: [
    defineModelFamily({
      id: 'other.stub',
      title: 'Stub',
      description: 'A one-weight model',
      hyperparameters: z.strictObject({}),
      capabilities: ['generate'],
      data: () => ({ width: 28, height: 28, channels: 1, range: 'unit' }),
      async train(ctx) {
        const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
        await ctx.saveCheckpoint({ models: { model }, epoch: 1, step: 1, metrics: {}, final: true });
        model.dispose();
        return { metrics: {} };
      },
      load: () => ({ dispose() {} }),
    }),
  ],
});
