import { checkpointParam, defineEditor, labelParam, resolveLabel, tf, z } from '@atelier/plugin-api';
import type { ClassifierHandle } from '../models/classifier-handle.js';
import { classifierOutputs, classifierRequirement, ranked } from './classify-batch.js';

const params = z.strictObject({
  checkpoint: checkpointParam,
  minConfidence: z.number().min(0).max(1),
  /** Judge by this label's probability (name or index) instead of the top-1 confidence. */
  label: labelParam.optional(),
});

export const filterEditor = defineEditor<z.infer<typeof params>>({
  id: 'cnn.filter',
  title: 'Filter by classifier',
  description:
    "Keeps the images whose top-1 confidence (or probability of `label`) reaches `minConfidence`, labelled like cnn.classify; records `kept` and `dropped`. Keeping none is allowed: the output is then an empty batch.",
  params,
  inputs: 1,
  checkpoint: classifierRequirement,
  // Keeps the images that pass: at most as many as came in.
  outputShape: (_ctx, [input]) => ({ ...input, countIsMaximum: true }),
  async apply(ctx, [batch], { checkpoint, minConfidence, label }) {
    const opened = await ctx.open<ClassifierHandle>(checkpoint);
    const labelNames = opened.handle.labelNames;
    const target = label === undefined ? null : resolveLabel(label, labelNames, 'with.label');
    const outputs = await classifierOutputs(ctx, opened, batch);
    const kept: number[] = [];
    const meta = [];
    for (let i = 0; i < batch.meta.length; i++) {
      const top = ranked(outputs, i, labelNames);
      const score = target === null ? top[0].probability : outputs.probabilities[i * outputs.classes + target];
      if (score < minConfidence) continue;
      kept.push(i);
      meta.push({ ...batch.meta[i], label: top[0].label, labelName: top[0].labelName, confidence: top[0].probability, score });
    }
    ctx.record('kept', kept.length);
    ctx.record('dropped', batch.meta.length - kept.length);
    const images = tf.tidy(() => tf.gather(batch.images, tf.tensor1d(kept, 'int32')));
    return { images, meta, range: 'unit' };
  },
});
