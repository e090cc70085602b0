import { z } from '@atelier/plugin-api';

/** Hyper-parameters shared by `vae.conv` and `vae.conditional`; both train on [0, 1] images. */
export const vaeHyperparameters = z
  .strictObject({
    imageSize: z
      .union([z.literal(28), z.literal(32), z.literal(64)])
      .default(28)
      .describe('Side of the square training images; data is resized to it.'),
    channels: z.union([z.literal(1), z.literal(3)]).default(1).describe('1 for gray, 3 for RGB.'),
    latentSize: z
      .number()
      .int()
      .min(1)
      .max(512)
      .default(16)
      .describe('Size of the latent code; 2 also gives the classic latent-grid picture (vae.latent-grid).'),
    widths: z
      .array(z.number().int().min(1).max(512))
      .min(1)
      .max(4)
      .default([32, 64])
      .describe('Filters of each stride-2 convolution of the encoder (mirrored by the decoder).'),
    beta: z.number().min(0).max(100).default(1).describe('Weight of the KL term (β-VAE); 1 is the plain ELBO.'),
    likelihood: z
      .enum(['bernoulli', 'gaussian'])
      .default('bernoulli')
      .describe('bernoulli: binary cross-entropy; gaussian: squared error (fixed variance ½, constant dropped).'),
    batchSize: z.number().int().min(1).max(1024).default(64),
    epochs: z.number().int().min(1).max(1000).default(5).describe('Epochs when the request names none'),
    learningRate: z.number().positive().max(1).default(0.001).describe('Adam learning rate.'),
    previewEvery: z
      .number()
      .int()
      .min(0)
      .default(200)
      .describe('Write a reconstruction grid (inputs above outputs) every N steps; 0: only at the end.'),
  })
  .superRefine((h, issues) => {
    const factor = 2 ** h.widths.length;
    if (h.imageSize % factor !== 0) {
      issues.addIssue({
        code: 'custom',
        path: ['widths'],
        message: `${h.widths.length} stride-2 layers need an image size divisible by ${factor}; ${h.imageSize} is not`,
        params: { limit: Math.floor(Math.log2(h.imageSize & -h.imageSize)) },
      });
    }
  });

export type VaeHyperparameters = z.infer<typeof vaeHyperparameters>;
