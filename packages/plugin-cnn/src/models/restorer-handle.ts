import { AtelierError, tf, type CheckpointRecord, type LayersModel, type ModelHandle, type Tensor4D } from '@atelier/plugin-api';
import type { RestoreTask, RestorerHyperparameters } from './restorer-hyperparameters.js';

/** The `restore` capability of a `cnn.restorer` checkpoint; images are unit `[n, h, w, channels]`. */
export interface RestorerHandle extends ModelHandle {
  channels: number;
  tasks: RestoreTask[];
  /** Smallest side the network accepts (2^levels); other sides are padded by mirroring. */
  minSide: number;
  /** Restores every pixel, or — given a `[n, h, w, 1]` mask (1 = missing) — only the masked ones. */
  restore(images: Tensor4D, mask?: Tensor4D): Tensor4D;
}

export function openRestorer(record: CheckpointRecord<RestorerHyperparameters>, models: Record<string, LayersModel>): RestorerHandle {
  const network = models.restorer;
  if (!network) {
    throw new AtelierError('CHECKPOINT_INCOMPATIBLE', `Checkpoint "${record.name}" lacks the restorer model`, {
      path: 'checkpoint',
      models: Object.keys(models),
    });
  }
  const channels = record.dataSpec.channels;
  const multiple = 2 ** record.hyperparameters.levels;
  return {
    channels,
    tasks: [...record.hyperparameters.tasks],
    minSide: multiple,
    restore(images, mask) {
      const [count, height, width, imageChannels] = images.shape;
      if (imageChannels !== channels) {
        throw new AtelierError('IMAGE_INVALID', `Checkpoint "${record.name}" restores ${channels}-channel images; got ${imageChannels}`, {
          path: 'images.channels',
          limit: channels,
        });
      }
      if (Math.min(height, width) < multiple) {
        throw new AtelierError('IMAGE_INVALID', `Checkpoint "${record.name}" restores images at least ${multiple} pixels on a side; got ${width}×${height}`, {
          path: 'images.size',
          limit: multiple,
        });
      }
      return tf.tidy(() => {
        const missing = mask ?? tf.zeros([count, height, width, 1]);
        // The U-Net halves the side `levels` times; pad up to a multiple and crop the result back.
        const pad = (side: number) => (multiple - (side % multiple)) % multiple;
        const padding: [number, number][] = [[0, 0], [0, pad(height)], [0, pad(width)], [0, 0]];
        const input = [tf.mirrorPad(images, padding, 'symmetric'), tf.mirrorPad(missing, padding, 'symmetric')];
        const corrected = network.apply(input, { training: false }) as Tensor4D;
        const output = tf.clipByValue(tf.slice(corrected, [0, 0, 0, 0], [count, height, width, channels]), 0, 1);
        return mask ? tf.add(tf.mul(images, tf.sub(1, mask)), tf.mul(output, mask)) : output;
      });
    },
    dispose() {
      network.dispose();
    },
  };
}
