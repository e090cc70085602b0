import { tf } from '@atelier/plugin-api';

/**
 * One tiny training step through every layer, loss and optimizer the plugins train with, so the
 * kernels it dispatches can be listed (tf.profile) or checked on a backend.
 */
export function createTrainingProbe(): { step(): void; dispose(): void } {
  const image = tf.input({ shape: [8, 8, 1] });
  const label = tf.input({ shape: [1], dtype: 'int32' });
  const embedded = tf.layers.flatten().apply(tf.layers.embedding({ inputDim: 3, outputDim: 4 }).apply(label)) as tf.SymbolicTensor;
  let h = tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }).apply(image) as tf.SymbolicTensor;
  h = tf.layers.batchNormalization().apply(h) as tf.SymbolicTensor;
  h = tf.layers.leakyReLU({ alpha: 0.2 }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.conv2dTranspose({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.maxPooling2d({ poolSize: 2 }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.averagePooling2d({ poolSize: 2 }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.dropout({ rate: 0.3 }).apply(tf.layers.flatten().apply(h)) as tf.SymbolicTensor;
  h = tf.layers.concatenate().apply([h, embedded]) as tf.SymbolicTensor;
  const hidden = tf.layers.dense({ units: 8, activation: 'tanh' }).apply(h) as tf.SymbolicTensor;
  const classes = tf.layers.dense({ units: 3 }).apply(hidden) as tf.SymbolicTensor;
  const score = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(hidden) as tf.SymbolicTensor;
  const model = tf.model({ inputs: [image, label], outputs: [classes, score] });
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomUniform([4, 8, 8, 1]);
  const ids = tf.tensor2d([0, 1, 2, 1], [4, 1], 'int32');
  const onehot = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3);
  return {
    step() {
      const loss = optimizer.minimize(() => {
        const [logits, p] = model.apply([x, ids], { training: true }) as tf.Tensor[];
        const { mean, variance } = tf.moments(p);
        return tf.losses
          .softmaxCrossEntropy(onehot, logits)
          .add(tf.losses.sigmoidCrossEntropy(tf.onesLike(p), p))
          .add(tf.losses.meanSquaredError(tf.zerosLike(p), p))
          .add(mean.add(variance).mul(1e-3)) as tf.Scalar;
      }, true);
      loss!.dispose();
    },
    dispose() {
      tf.dispose([x, ids, onehot]);
      model.dispose();
      optimizer.dispose();
    },
  };
}
