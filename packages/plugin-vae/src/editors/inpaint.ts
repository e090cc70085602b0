import { canceledError, checkpointParam, decodedShape, defineEditor, labelParam, maskFromImage, type Tensor2D, type Tensor4D, tf, z } from '@atelier/plugin-api';
import type { VaeHandle } from '../models/vae-handle.js';
import type { VaeHyperparameters } from '../models/hyperparameters.js';
import { pixelLoss } from '../models/vae-loss.js';
import { imageLabels } from './labels.js';
import { maskRects, rectFields, scaleRect, type Rect } from './mask-rect.js';
import { prepareImages } from './prepare-images.js';
import { vaeCheckpoint } from './params.js';

const params = z.strictObject({
  checkpoint: checkpointParam,
  ...rectFields,
  iterations: z.number().int().min(1).max(2000).default(300).describe('Adam steps on the latent code.'),
  learningRate: z.number().positive().max(1).default(0.05),
  priorWeight: z
    .number()
    .min(0)
    .max(100)
    .default(1)
    .describe('Weight of the prior term ½‖z‖², which keeps the code where the decoder draws plausible images.'),
  keepUnmasked: z
    .boolean()
    .default(true)
    .describe('true: pixels outside the region are the input, inside the decoded fill; false: the whole decoded image.'),
  label: labelParam.optional().describe("Conditional checkpoints: the label of every image (default: each image's own label)."),
});

type InpaintParams = z.infer<typeof params>;

const yieldEvery = 25;

export const inpaint = defineEditor<InpaintParams>({
  id: 'vae.inpaint',
  title: 'Inpaint with a VAE',
  description:
    'Fills a region (a mask image as second input, light where to fill; else x/y/width/height, or the meta.mask of image.mask) by optimising the latent code so the decoded image ' +
    'matches the pixels outside it (MAP under the prior); records the decoded mean squared error on those pixels as unmaskedError.',
  params,
  inputs: 1,
  maxInputs: 2,
  inputNames: ['image', 'mask'],
  checkpoint: vaeCheckpoint,
  outputShape: (ctx, [input], p) => decodedShape(ctx.checkpoint(p.checkpoint), input),
  async apply(ctx, [batch, maskImage], p) {
    const [, height, width] = batch.images.shape;
    const rects = maskImage ? null : maskRects(p, batch.meta, { width, height });
    const open = await ctx.open<VaeHandle>(p.checkpoint);
    const { handle: vae } = open;
    const labels = imageLabels(vae, batch.meta, p.label);
    const { likelihood } = open.record.hyperparameters as VaeHyperparameters;
    const owned: tf.Tensor[] = [];
    // Every tensor is made inside the try, so a throw anywhere (an encode refusing labels) frees them.
    const optimizer = tf.train.adam(p.learningRate);
    try {
      const images = keep(owned, await prepareImages(open, batch));
      const masks = keep(
        owned,
        rects ? regionMask(rects.map((r) => scaleRect(r, { width, height }, vae.spec)), vae.spec) : maskFromImage(tf, maskImage!, batch, vae.spec),
      );
      const known = keep(owned, tf.tidy(() => tf.sub(1, masks) as Tensor4D));
      const oneHot = labels && keep(owned, vae.oneHot(labels));
      const latent = keep(owned, tf.variable(tf.tidy(() => vae.encode(images.mul(known) as Tensor4D, oneHot).mean)));
      for (let i = 0; i < p.iterations; i++) {
        optimizer.minimize(
          () => {
            const nll = pixelLoss(likelihood, vae.decodeLogits(latent as Tensor2D, oneHot), images).mul(known).sum([1, 2, 3]);
            return nll.add(latent.square().sum(1).mul(0.5 * p.priorWeight)).mean() as tf.Scalar;
          },
          false,
          [latent],
        );
        if ((i + 1) % yieldEvery === 0) {
          ctx.progress({ fraction: (i + 1) / p.iterations });
          // Lets a cancel request arrive between iterations.
          await new Promise((resolve) => setImmediate(resolve));
          if (ctx.signal.aborted) throw canceledError('vae.inpaint');
        }
      }
      const decoded = vae.decode(latent as Tensor2D, oneHot);
      const unmaskedError = tf.tidy(() => decoded.sub(images).square().mul(known).sum().div(known.sum().mul(vae.spec.channels)).dataSync()[0]);
      ctx.record('unmaskedError', unmaskedError);
      if (!p.keepUnmasked) return { images: decoded, meta: batch.meta.map((m) => ({ ...m })), range: 'unit' };
      const output = tf.tidy(() => images.mul(known).add(decoded.mul(masks)) as Tensor4D);
      decoded.dispose();
      return { images: output, meta: batch.meta.map((m) => ({ ...m })), range: 'unit' };
    } finally {
      tf.dispose(owned);
      optimizer.dispose();
    }
  },
});

function keep<T extends tf.Tensor>(owned: tf.Tensor[], tensor: T): T {
  owned.push(tensor);
  return tensor;
}

/** `[n, h, w, 1]`: 1 inside each image's rectangle, 0 outside. */
function regionMask(rects: Rect[], size: { width: number; height: number }): Tensor4D {
  return tf.tidy(() =>
    tf.stack(
      rects.map((r) =>
        tf.pad(tf.ones([r.height, r.width, 1]), [
          [r.y, size.height - r.y - r.height],
          [r.x, size.width - r.x - r.width],
          [0, 0],
        ]),
      ),
    ) as Tensor4D,
  );
}
