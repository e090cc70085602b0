import { currentShard, shardRandomNormal, tf, type RandomSource, type Tensor4D } from '@atelier/plugin-api';
import type { RestoreTask } from './restorer-hyperparameters.js';
import { rectangleMask, type PixelRect } from './restorer-mask.js';

export interface CorruptionSettings {
  tasks: readonly RestoreTask[];
  noise: number;
  maxHole: number;
}

/**
 * Corrupts clean `[n, h, w, c]` unit images for self-supervised training: each image gets one of the
 * tasks, drawn from `random` — Gaussian noise, a 2× down-then-up scale (what `cnn.upscale` feeds
 * the network), or a zeroed rectangle. Returns the network's inputs: the corrupted image and its
 * mask (1 inside the holes).
 */
export function corrupt(clean: Tensor4D, settings: CorruptionSettings, random: RandomSource): { image: Tensor4D; mask: Tensor4D } {
  const [count, height, width] = clean.shape;
  // In data-parallel training the draws are made for the whole global batch and this worker keeps
  // its rows, so every worker's stream stays in step and K workers corrupt as one would.
  const shard = currentShard();
  const rows = shard?.count === count ? shard : { offset: 0, count, total: count };
  const drawn = Array.from({ length: rows.total }, () => settings.tasks[Math.floor(random.next() * settings.tasks.length)]);
  const drawnHoles: PixelRect[][] = drawn.map((task) => (task === 'inpaint' ? [randomHole(height, width, settings.maxHole, random)] : []));
  const chosen = drawn.slice(rows.offset, rows.offset + count);
  const holes = drawnHoles.slice(rows.offset, rows.offset + count);
  const noiseSeed = random.nextSeed();
  return tf.tidy(() => {
    const pick = (task: RestoreTask) => tf.tensor4d(chosen.map((t) => (t === task ? 1 : 0)), [count, 1, 1, 1]);
    const mask = rectangleMask(height, width, holes);
    let image = tf.zerosLike(clean);
    if (chosen.includes('denoise')) {
      const noisy = tf.clipByValue(tf.add(clean, shardRandomNormal(clean.shape, 0, settings.noise, noiseSeed)), 0, 1);
      image = tf.add(image, tf.mul(pick('denoise'), noisy));
    }
    if (chosen.includes('upscale2x')) image = tf.add(image, tf.mul(pick('upscale2x'), downUp(clean)));
    if (chosen.includes('inpaint')) image = tf.add(image, tf.mul(pick('inpaint'), tf.mul(clean, tf.sub(1, mask))));
    return { image: image as Tensor4D, mask };
  });
}

/** Halves the resolution (2×2 average) and scales back up bilinearly: a low-resolution look-alike. */
function downUp(images: Tensor4D): Tensor4D {
  const [, height, width] = images.shape;
  return tf.image.resizeBilinear(tf.avgPool(images, 2, 2, 'same'), [height, width]);
}

function randomHole(height: number, width: number, maxHole: number, random: RandomSource): PixelRect {
  const side = (length: number) => Math.max(1, Math.round(length * (0.1 + random.next() * (maxHole - 0.1))));
  const h = side(height);
  const w = side(width);
  return { top: Math.floor(random.next() * (height - h + 1)), left: Math.floor(random.next() * (width - w + 1)), height: h, width: w };
}
