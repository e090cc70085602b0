import { tf } from '@atelier/plugin-api';

/** Mean sigmoid cross-entropy against a constant target, in the stable max(x,0) − x·t + log(1+e^−|x|) form. */
export function sigmoidCrossEntropy(logits: tf.Tensor, target: number): tf.Scalar {
  return tf.tidy(() =>
    tf.mean(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, target)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))))),
  ) as tf.Scalar;
}

/** The non-saturating generator loss: make the discriminator call generated images real. */
export function generatorLoss(fakeLogits: tf.Tensor): tf.Scalar {
  return sigmoidCrossEntropy(fakeLogits, 1);
}

/** Mean softmax cross-entropy of class logits against one-hot labels: the AC-GAN auxiliary loss. */
export function classLoss(classLogits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.losses.softmaxCrossEntropy(oneHot, classLogits)) as tf.Scalar;
}
