import { z } from '@atelier/plugin-api';

/**
 * Hyper-parameters shared by both GAN families. Sizes are a closed list because the architecture is
 * derived from them (7×7 seeds for 28, 4×4 seeds for the powers of two).
 */
export const ganHyperparameters = z.strictObject({
  imageSize: z.union([z.literal(28), z.literal(32), z.literal(64)]).default(28).describe('Square training size in pixels'),
  channels: z.union([z.literal(1), z.literal(3)]).default(1).describe('1 for grayscale, 3 for RGB'),
  latentSize: z.number().int().min(2).max(512).default(64).describe('Length of the latent vector z'),
  generatorWidth: z.number().int().min(4).max(512).default(64).describe('Filters of the generator’s last hidden layer'),
  discriminatorWidth: z.number().int().min(4).max(512).default(64).describe('Filters of the discriminator’s first layer'),
  generatorLearningRate: z.number().positive().max(1).default(2e-4),
  discriminatorLearningRate: z.number().positive().max(1).default(2e-4),
  beta1: z.number().min(0).max(0.999).default(0.5).describe('Adam β1 (0.5 as in DCGAN)'),
  batchSize: z.number().int().min(1).max(1024).default(64),
  epochs: z.number().int().min(1).max(10_000).default(5),
  labelSmoothing: z.number().min(0).max(0.5).default(0.1).describe('One-sided: real targets become 1 − smoothing'),
  generatorNorm: z
    .enum(['batch', 'none'])
    .default('batch')
    .describe('Batch normalisation after the generator’s hidden layers (per shard when data-parallel); none keeps K workers bit-comparable to one'),
  generatorAverage: z
    .number()
    .min(0)
    .max(0.9999)
    .default(0)
    .describe('Decay of the moving average of the generator’s weights that checkpoints sample from (e.g. 0.999); 0 keeps the trained weights themselves'),
  discriminatorAugment: z
    .enum(['none', 'translation', 'translation-cutout'])
    .default('none')
    .describe('DiffAugment: random shifts (and cut-out squares) of every image the discriminator sees, real or generated; keeps it from memorising a small data set'),
  latentCategories: z
    .number()
    .int()
    .min(0)
    .max(64)
    .default(0)
    .describe('gan.dcgan: an InfoGAN categorical code — the first N latent components are the one-hot of a category that a discriminator head must recover from the image (no labels are used); 0: none'),
  latentCategoriesFrom: z
    .enum(['infogan', 'clusters'])
    .default('infogan')
    .describe('What gan.dcgan’s categories mean: infogan — whatever the generator makes of them, read back from its images; clusters — N equal-size k-means clusters of the training images (no labels are used), which the discriminator is conditioned on and learns to tell, as a conditional GAN’s labels'),
  auxiliaryClassifier: z
    .number()
    .min(0)
    .max(10)
    .default(1)
    .describe('Weight of the discriminator’s class head: gan.conditional’s AC-GAN head (0 leaves only the projection), gan.dcgan’s category head'),
  previewEvery: z.number().int().min(0).max(1_000_000).default(200).describe('Steps between preview grids (0: only at the end)'),
});

export type GanHyperparameters = z.infer<typeof ganHyperparameters>;
