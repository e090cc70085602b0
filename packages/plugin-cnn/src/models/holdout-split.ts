import { AtelierError, createRandom, shuffledIndices, tf, type Tensor1D, type Tensor4D, type TrainingData } from '@atelier/plugin-api';

export interface LabelledTensors {
  images: Tensor4D;
  labels: Tensor1D;
}

/**
 * A seeded train/validation split of the whole data set, held in memory. `TrainingData.batches`
 * reshuffles everything each epoch, so a split that stays apart across epochs (and across a resume,
 * given the same seed) has to be drawn from one deterministic sample of the full set.
 */
export function holdOut(data: TrainingData, fraction: number, seed: number): { train: LabelledTensors; validation: LabelledTensors } {
  if (data.size < 2) {
    throw new AtelierError('BAD_USER_INPUT', `A train/validation split needs at least 2 images; the data set has ${data.size}`, {
      path: 'dataset',
      limit: 2,
    });
  }
  const validationCount = Math.min(data.size - 1, Math.max(1, Math.round(data.size * fraction)));
  const order = shuffledIndices(data.size, createRandom(seed));
  const all = data.sample(data.size);
  try {
    const part = (indices: Int32Array): LabelledTensors =>
      tf.tidy(() => {
        const at = tf.tensor1d(indices, 'int32');
        return { images: tf.gather(all.images, at), labels: tf.gather(all.labels, at) };
      });
    return { validation: part(order.subarray(0, validationCount)), train: part(order.subarray(validationCount)) };
  } finally {
    tf.dispose([all.images, all.labels]);
  }
}
