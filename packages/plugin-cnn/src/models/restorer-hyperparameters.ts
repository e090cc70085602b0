import { z } from '@atelier/plugin-api';

export const restoreTasks = ['denoise', 'upscale2x', 'inpaint'] as const;
export type RestoreTask = (typeof restoreTasks)[number];

export const restorerHyperparameters = z.strictObject({
  /** Training crop size; the trained network is fully convolutional and restores any size. */
  width: z.number().int().min(8).max(512).default(28),
  height: z.number().int().min(8).max(512).default(28),
  channels: z.union([z.literal(1), z.literal(3)]).default(1),
  /** Tasks the checkpoint learns; each training image gets one of them, chosen by the seed. */
  tasks: z.array(z.enum(restoreTasks)).min(1).max(3).default(['denoise', 'upscale2x', 'inpaint']),
  /** Down-sampling levels of the U-Net; image sides are padded to a multiple of 2^levels. */
  levels: z.number().int().min(1).max(4).default(2),
  /** Filters of the first level; each deeper level doubles them. */
  filters: z.number().int().min(2).max(128).default(16),
  /** Standard deviation of the Gaussian noise of the `denoise` task, in [0, 1] pixel units. */
  noise: z.number().min(0).max(1).default(0.2),
  /** Largest hole side of the `inpaint` task, as a fraction of the image side. */
  maxHole: z.number().min(0.05).max(0.9).default(0.5),
  learningRate: z.number().positive().max(1).default(0.002),
  batchSize: z.number().int().min(1).max(512).default(32),
  epochs: z.number().int().min(1).max(1000).default(3).describe('Epochs when the request names none'),
});

export type RestorerHyperparameters = z.infer<typeof restorerHyperparameters>;
