import {
  checkpointParam,
  defineCapability,
  defineEditor,
  defineModelFamily,
  definePlugin,
  type ModelFamily,
  type ModelHandle,
  type Tensor4D,
  tf,
  z,
} from '@atelier/plugin-api';

/** `segment`: a one-channel mask of each image, 1 where the object is. */
export interface Segmenter extends ModelHandle {
  segment(images: Tensor4D): Tensor4D;
}

declare module '@atelier/plugin-api' {
  interface CapabilityHandles {
    segment: Segmenter;
  }
}

const segmentCapability = defineCapability({ id: 'segment', method: 'segment', description: 'a mask of the object in each image' });

const hyperparameters = z.strictObject({ threshold: z.number().min(0).max(1).default(0.5) });
type Hyper = z.infer<typeof hyperparameters>;

/** A third-party family offering the new capability: thresholds images; its checkpoint holds one tiny model. */
const threshold = defineModelFamily<Hyper>({
  id: 'segment.threshold',
  title: 'Threshold segmenter',
  description: 'Marks the pixels brighter than a threshold',
  hyperparameters,
  capabilities: ['segment'],
  data: () => ({ width: 8, height: 8, channels: 1, range: 'unit' }),
  async train(ctx) {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: 1, kernelInitializer: 'ones' })] });
    try {
      await ctx.saveCheckpoint({ models: { threshold: model }, epoch: 1, step: 1, metrics: {}, final: true });
      return { metrics: {} };
    } finally {
      model.dispose();
    }
  },
  load({ record, models }): Segmenter {
    return {
      segment: (images) => tf.tidy(() => images.greater(record.hyperparameters.threshold).toFloat()) as Tensor4D,
      dispose: () => models.threshold.dispose(),
    };
  },
});

/** Declares `segment` but its handle offers no `segment()`: core must refuse it when it loads. */
const hollow: ModelFamily<Hyper> = { ...threshold, id: 'segment.hollow', load: ({ models }) => ({ dispose: () => models.threshold.dispose() }) };

const mask = defineEditor<{ checkpoint: string }>({
  id: 'segment.mask',
  title: 'Segment',
  description: 'The mask a segment checkpoint draws of each image',
  params: z.strictObject({ checkpoint: checkpointParam }),
  inputs: 1,
  checkpoint: { capability: 'segment' },
  async apply(ctx, [batch], { checkpoint }) {
    const { handle } = await ctx.open<Segmenter>(checkpoint);
    return { images: handle.segment(batch.images), meta: batch.meta.map((m) => ({ ...m })), range: 'unit' };
  },
});

export default definePlugin({
  name: 'segment',
  version: '0.0.0',
  capabilities: [segmentCapability],
  modelFamilies: [threshold, hollow],
  editors: [mask],
});
