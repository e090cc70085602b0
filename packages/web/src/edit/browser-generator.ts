import * as tf from '@tensorflow/tfjs';

/**
 * A checkpoint's GAN generator or VAE decoder, loaded in the page with tfjs
 * (`/checkpoints/<id>/<model>/model.json`, opened by the media cookie) so latent previews render
 * locally at interactive speed. This module is imported lazily: tfjs stays out of the main bundle.
 */
export interface BrowserGenerator {
  latentSize: number;
  /** Draws the image at `t` on the straight line between the latents of seeds `from` and `to`. */
  render(canvas: HTMLCanvasElement, from: number, to: number, t: number): Promise<void>;
  dispose(): void;
}

/** The models that map a latent to an image, and how their output becomes [0, 1] pixels. */
export const latentModels = {
  generator: (out: tf.Tensor) => out.add(1).div(2),
  decoder: (logits: tf.Tensor) => tf.sigmoid(logits),
} as const;

export type LatentModel = keyof typeof latentModels;

/**
 * `categories` is a coded dcgan's `latentCategories` (InfoGAN): its latents start with the one-hot of
 * a category, here the seed's remainder, so each end of the walk draws one kind of image.
 */
export async function loadBrowserGenerator(checkpointId: string, modelName: LatentModel, categories = 0): Promise<BrowserGenerator> {
  // WebGL may be missing (headless, old GPUs); the CPU backend is fast enough for one small image.
  await tf.setBackend('cpu');
  const model = await tf.loadLayersModel(`/checkpoints/${encodeURIComponent(checkpointId)}/${modelName}/model.json`);
  const [zInput, labelInput] = model.inputs;
  const latentSize = zInput.shape[1]!;
  const latentOf = (seed: number): tf.Tensor2D => {
    const noise = tf.randomNormal([1, latentSize], 0, 1, 'float32', seed) as tf.Tensor2D;
    if (categories === 0) return noise;
    return tf.concat2d([tf.oneHot([seed % categories], categories).toFloat() as tf.Tensor2D, noise.slice([0, categories], [1, latentSize - categories])], 1);
  };
  return {
    latentSize,
    async render(canvas, from, to, t) {
      const image = tf.tidy(() => {
        const a = latentOf(from);
        const b = latentOf(to);
        const z = a.mul(1 - t).add(b.mul(t));
        // Conditional models also take a one-hot label; the preview draws class 0.
        const inputs = labelInput ? [z, tf.oneHot([0], labelInput.shape[1]!).toFloat()] : z;
        const out = model.predict(inputs) as tf.Tensor4D;
        return latentModels[modelName](out.squeeze([0])).clipByValue(0, 1) as tf.Tensor3D;
      });
      try {
        const [height, width, channels] = image.shape;
        canvas.width = width;
        canvas.height = height;
        const rgb = channels === 1 ? tf.tidy(() => tf.tile(image, [1, 1, 3]) as tf.Tensor3D) : image;
        await tf.browser.toPixels(rgb, canvas);
        if (rgb !== image) rgb.dispose();
      } finally {
        image.dispose();
      }
    },
    dispose: () => model.dispose(),
  };
}
