import { shardRandomNormal, type Tensor, tf } from '@atelier/plugin-api';

type LayerArgs = ConstructorParameters<typeof tf.layers.Layer>[0];

/**
 * The reparameterisation z = mean + exp(logVar / 2) · ε as a layer, so the encoder is one tfjs model
 * whose `model.json` names it; registered with tfjs serialization so checkpoints load it back.
 * Each call draws ε with seed + call count: seeded, yet fresh noise every training step.
 */
export class SamplingLayer extends tf.layers.Layer {
  static readonly className = 'AtelierVaeSampling';
  readonly seed: number;
  /** Calls so far; training stores it in the checkpoint state so a resumed run draws new noise. */
  calls = 0;

  constructor(args: LayerArgs & { seed?: number }) {
    super(args);
    this.seed = args.seed ?? 0;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (inputShape as tf.Shape[])[0];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const [mean, logVar] = inputs as Tensor[];
    const seed = this.seed + this.calls++;
    return tf.tidy(() => {
      // Drawn per image of the global batch in data-parallel training, so K workers see one worker's ε.
      const noise = shardRandomNormal(mean.shape, 0, 1, seed);
      return mean.add(tf.exp(logVar.mul(0.5)).mul(noise));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed };
  }
}

tf.serialization.registerClass(SamplingLayer);

/** The encoder's sampling layer (to set its call count when training resumes). */
export function samplingLayerOf(encoder: tf.LayersModel): SamplingLayer {
  const layer = encoder.layers.find((l): l is SamplingLayer => l instanceof SamplingLayer);
  if (!layer) throw new Error('encoder has no sampling layer');
  return layer;
}
