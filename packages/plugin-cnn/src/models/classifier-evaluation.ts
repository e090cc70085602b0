import { tf, type LayersModel, type Tensor, type Tensor2D } from '@atelier/plugin-api';
import type { LabelledTensors } from './holdout-split.js';

/** Mean cross-entropy and accuracy of the classifier on a labelled set, in inference mode. */
export function evaluateClassifier(
  models: { features: LayersModel; head: LayersModel },
  set: LabelledTensors,
  batchSize: number,
): { loss: number; accuracy: number } {
  const count = set.images.shape[0];
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const [loss, hits] = tf.tidy(() => {
      const images = tf.slice(set.images, start, size);
      const labels = tf.slice(set.labels, start, size);
      const logits = models.head.apply(models.features.apply(images, { training: false }), { training: false }) as Tensor2D;
      return classifierLoss(logits, labels);
    });
    lossSum += loss.dataSync()[0] * size;
    correct += hits.dataSync()[0];
    tf.dispose([loss, hits]);
  }
  return { loss: lossSum / count, accuracy: correct / count };
}

/** Softmax cross-entropy of logits against integer labels, and the number of correct top-1 guesses. */
export function classifierLoss(logits: Tensor2D, labels: Tensor): [Tensor, Tensor] {
  const classes = tf.cast(labels, 'int32');
  const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(classes as tf.Tensor1D, logits.shape[1]), logits);
  const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), classes), 'float32'));
  return [loss, hits];
}
