import { computeGradientPart, optimizerStep, type PendingStep, startOptimizerStep, tf, type TrainContext } from '@atelier/plugin-api';

/**
 * The DCGAN-style 28×28 model the engine is measured and tested with (generator: dense → 7×7×128 →
 * 2× stride-2 transposed conv; discriminator: 2× stride-2 conv → dense), trained with Adam by
 * `optimizer.minimize` (or, data parallel, through core's optimizer steps), one D step and one G step per training step.
 */
export const latentSize = 100;
const kernelSize = 4;

export interface Dcgan {
  generator: tf.Sequential;
  discriminator: tf.Sequential;
  step(real: tf.Tensor4D): { dLoss: number; gLoss: number };
  /**
   * The same step as the GAN family's data-parallel loop takes it, gradients averaged by `allReduce`:
   * the discriminator's gradients on real images are computed while the previous step's generator
   * update travels, then that update is applied, and this step's generator update is left in flight.
   */
  reducedStep(real: tf.Tensor4D, allReduce: TrainContext<unknown>['allReduce']): Promise<void>;
  /** Applies the generator update that the last `reducedStep` left in flight. */
  flush(): Promise<void>;
  generate(count: number): tf.Tensor4D;
  dispose(): void;
}

export function createDcgan(seed = 1): Dcgan {
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed + offset });
  const generator = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [latentSize], units: 7 * 7 * 128, activation: 'relu', kernelInitializer: init(0) }),
      tf.layers.reshape({ targetShape: [7, 7, 128] }),
      tf.layers.conv2dTranspose({ filters: 64, kernelSize, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.conv2dTranspose({ filters: 1, kernelSize, strides: 2, padding: 'same', activation: 'tanh', kernelInitializer: init(2) }),
    ],
  });
  const discriminator = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 64, kernelSize, strides: 2, padding: 'same', kernelInitializer: init(3) }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.conv2d({ filters: 128, kernelSize, strides: 2, padding: 'same', kernelInitializer: init(4) }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1, kernelInitializer: init(5) }),
    ],
  });
  const dOptimizer = tf.train.adam(2e-4, 0.5);
  const gOptimizer = tf.train.adam(2e-4, 0.5);
  const dVars = discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
  const gVars = generator.trainableWeights.map((w) => w.read() as tf.Variable);
  const logits = (images: tf.Tensor) => discriminator.apply(images, { training: true }) as tf.Tensor;
  // Seeded draws, so two DCGANs of one seed stepped alike see the same noise.
  let draws = 0;
  const fakes = (count: number) => generator.apply(tf.randomNormal([count, latentSize], 0, 1, 'float32', seed * 1e6 + draws++), { training: true }) as tf.Tensor;

  function step(real: tf.Tensor4D) {
    const count = real.shape[0];
    const ones = tf.ones([count, 1]);
    const zeros = tf.zeros([count, 1]);
    const dLoss = dOptimizer.minimize(
      () => tf.losses.sigmoidCrossEntropy(ones, logits(real)).add(tf.losses.sigmoidCrossEntropy(zeros, logits(fakes(count)))) as tf.Scalar,
      true,
      dVars,
    )!;
    const gLoss = gOptimizer.minimize(() => tf.losses.sigmoidCrossEntropy(ones, logits(fakes(count))) as tf.Scalar, true, gVars)!;
    const losses = { dLoss: dLoss.dataSync()[0], gLoss: gLoss.dataSync()[0] };
    tf.dispose([ones, zeros, dLoss, gLoss]);
    return losses;
  }

  let pendingGenerator: PendingStep | null = null;
  const flush = async () => {
    const generatorStep = pendingGenerator;
    pendingGenerator = null;
    await generatorStep?.apply();
  };

  async function reducedStep(real: tf.Tensor4D, allReduce: TrainContext<unknown>['allReduce']) {
    const count = real.shape[0];
    const ctx = { allReduce };
    const onReal = computeGradientPart(dVars, () => ({ loss: tf.losses.sigmoidCrossEntropy(tf.ones([count, 1]), logits(real)) as tf.Scalar }));
    await flush();
    await optimizerStep(ctx, dOptimizer, dVars, () => ({ loss: tf.losses.sigmoidCrossEntropy(tf.zeros([count, 1]), logits(fakes(count))) as tf.Scalar }), onReal);
    pendingGenerator = startOptimizerStep(ctx, gOptimizer, gVars, () => ({ loss: tf.losses.sigmoidCrossEntropy(tf.ones([count, 1]), logits(fakes(count))) as tf.Scalar }));
  }

  return {
    generator,
    discriminator,
    step,
    reducedStep,
    flush,
    generate: (count) => tf.tidy(() => generator.predict(tf.randomNormal([count, latentSize])) as tf.Tensor4D),
    dispose() {
      generator.dispose();
      discriminator.dispose();
      dOptimizer.dispose();
      gOptimizer.dispose();
    },
  };
}

/** Multiply-adds of one `step` at this batch size (each counted once; backward skips pruned paths). */
export function stepMultiplyAdds(batch: number): number {
  const conv = (outPixels: number, inChannels: number, outChannels: number) =>
    batch * outPixels * kernelSize * kernelSize * inChannels * outChannels;
  const gDense = batch * latentSize * 7 * 7 * 128;
  // A transposed conv costs what the forward conv it transposes costs (over its smaller side).
  const g = gDense + conv(7 * 7, 64, 128) + conv(14 * 14, 1, 64);
  const dConv1 = conv(14 * 14, 1, 64);
  const d = dConv1 + conv(7 * 7, 64, 128) + batch * 7 * 7 * 128;
  // D step: G forward, D forward on real and fake, D weight grads (×2) and D input grads past conv1 (×2).
  const dStep = g + 2 * d + 2 * d + 2 * (d - dConv1);
  // G step: G and D forward, D input grads, G weight grads and G input grads past the dense layer.
  const gStep = g + d + d + g + (g - gDense);
  return dStep + gStep;
}
