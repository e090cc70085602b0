import { AtelierError, type DataSpec, type LayersModel, type ModelHandle, type Tensor, type Tensor2D, type Tensor4D, tf } from '@atelier/plugin-api';

/**
 * What a loaded VAE checkpoint offers. Images are `[n, h, w, c]` in [0, 1] at the checkpoint's size;
 * `labels` are one-hot (or blended) rows, required by conditional checkpoints and ignored otherwise.
 * Every method returns new tensors the caller disposes.
 */
export interface VaeHandle extends ModelHandle {
  readonly conditional: boolean;
  readonly latentSize: number;
  readonly labelNames: string[];
  readonly spec: DataSpec;
  encode(images: Tensor4D, labels?: Tensor2D): { mean: Tensor2D; logVar: Tensor2D };
  decode(latents: Tensor2D, labels?: Tensor2D): Tensor4D;
  /** Logits of `decode`, for losses that need them (inpainting). */
  decodeLogits(latents: Tensor2D, labels?: Tensor2D): Tensor4D;
  /** Decodes `count` latents drawn from N(0, temperature²·I): below 1, cleaner and less varied images. */
  generate(count: number, seed: number, labels?: Tensor2D, temperature?: number): Tensor4D;
  /** decode(mean of encode): the model's reading of each image. */
  reconstruct(images: Tensor4D, labels?: Tensor2D): Tensor4D;
  oneHot(labels: number[]): Tensor2D;
}

export interface VaeHandleInput {
  encoder: LayersModel;
  decoder: LayersModel;
  conditional: boolean;
  latentSize: number;
  labelNames: string[];
  spec: DataSpec;
}

export function createVaeHandle(input: VaeHandleInput): VaeHandle {
  const { encoder, decoder, conditional } = input;
  const withLabels = (x: Tensor, labels: Tensor2D | undefined): Tensor | Tensor[] => {
    if (!conditional) return x;
    if (!labels) {
      throw new AtelierError('BAD_USER_INPUT', 'A conditional VAE needs a label for every image', { path: 'label' });
    }
    return [x, labels];
  };
  const decodeLogits = (latents: Tensor2D, labels?: Tensor2D) =>
    decoder.apply(withLabels(latents, labels), { training: false }) as Tensor4D;
  const decode = (latents: Tensor2D, labels?: Tensor2D) => tf.tidy(() => tf.sigmoid(decodeLogits(latents, labels)));
  const encode = (images: Tensor4D, labels?: Tensor2D) =>
    tf.tidy(() => {
      // The sampled z (third output) is left to the tidy: callers want the distribution.
      const [mean, logVar] = encoder.apply(withLabels(images, labels), { training: false }) as Tensor2D[];
      return { mean, logVar };
    });
  return {
    conditional,
    latentSize: input.latentSize,
    labelNames: input.labelNames,
    spec: input.spec,
    encode,
    decode,
    decodeLogits: (latents, labels) => tf.tidy(() => decodeLogits(latents, labels)),
    generate: (count, seed, labels, temperature = 1) =>
      tf.tidy(() => decode(tf.randomNormal([count, input.latentSize], 0, temperature, 'float32', seed), labels)),
    reconstruct: (images, labels) => tf.tidy(() => decode(encode(images, labels).mean, labels)),
    oneHot: (labels) => tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), input.labelNames.length).toFloat() as Tensor2D),
    dispose() {
      encoder.dispose();
      decoder.dispose();
    },
  };
}
