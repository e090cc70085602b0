import { AtelierError, createRandom, deriveSeed, type EditorContext, type ImageMeta, type Tensor2D, tf } from '@atelier/plugin-api';
import { prepareImages, type OpenVae } from './prepare-images.js';

/**
 * A Gaussian mixture over the latent space, one component per label: `weights` (label shares),
 * `means` `[k, latent]`, and lower-triangular `scales` `[k, latent, latent]` (Σ = L·Lᵀ).
 */
export interface LatentMixture {
  labels: number[];
  weights: number[];
  means: Tensor2D;
  scales: tf.Tensor3D;
}

/**
 * Ex-post density estimation (Ghosh et al., 2020): a full-covariance Gaussian per label fitted to the
 * latent means of the first `count` images of the checkpoint's data set (one Gaussian when it has no
 * labels). A trained VAE's codes do not fill N(0, I) evenly: prior samples that land between the
 * digits' clusters decode to blends, while samples from the fit stay where the decoder was trained.
 * New tensors the caller disposes.
 */
export async function fitLatentMixture(ctx: EditorContext, open: OpenVae, count: number): Promise<LatentMixture> {
  const { record, handle: vae } = open;
  if (!record.dataset) {
    throw new AtelierError('BAD_USER_INPUT', `Checkpoint "${record.name}" records no data set to fit its latent prior on`, { path: 'prior' });
  }
  const batch = await ctx.dataset(record.dataset, { count });
  let latents: Tensor2D;
  let groups: Map<number, number[]>;
  try {
    groups = groupByLabel(batch.meta, vae.conditional);
    const images = await prepareImages(open, batch);
    try {
      latents = tf.tidy(() => vae.encode(images, vae.conditional ? vae.oneHot(batch.meta.map((m) => m.label!)) : undefined).mean);
    } finally {
      images.dispose();
    }
  } finally {
    batch.images.dispose();
  }
  try {
    const size = vae.latentSize;
    const [means, scales] = tf.tidy(() => {
      const fits = [...groups.values()].map((indices) => {
        const group = tf.gather(latents, indices);
        const mean = tf.mean(group, 0);
        const centred = tf.sub(group, mean);
        const covariance = tf.div(tf.matMul(centred, centred, true), indices.length - 1);
        return { mean, scale: tf.tensor2d(cholesky(covariance.dataSync(), size), [size, size]) };
      });
      return [tf.stack(fits.map((f) => f.mean)) as Tensor2D, tf.stack(fits.map((f) => f.scale)) as tf.Tensor3D];
    });
    return {
      labels: [...groups.keys()],
      weights: [...groups.values()].map((indices) => indices.length / batch.meta.length),
      means,
      scales,
    };
  } finally {
    latents.dispose();
  }
}

/**
 * `count` seeded draws `mean + L·ε`, ε ~ N(0, temperature²·I), each from the component of its entry in
 * `labels` where given (a conditional VAE's asked-for digits), else from a component picked by weight.
 */
export function sampleLatentMixture(mixture: LatentMixture, count: number, seed: number, temperature: number, labels?: number[]): Tensor2D {
  const random = createRandom(deriveSeed(seed, 'prior-components'));
  const components = Array.from({ length: count }, (_, i) => (labels ? componentOf(mixture, labels[i]) : pick(mixture.weights, random.next())));
  return tf.tidy(() => {
    const chosen = tf.tensor1d(components, 'int32');
    const noise = tf.randomNormal([count, mixture.means.shape[1], 1], 0, temperature, 'float32', seed);
    const offsets = tf.squeeze(tf.matMul(tf.gather(mixture.scales, chosen), noise), [2]);
    return tf.add(tf.gather(mixture.means, chosen), offsets) as Tensor2D;
  });
}

function groupByLabel(meta: ImageMeta[], labelsRequired: boolean): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  meta.forEach((m, index) => {
    if (m.label === undefined && labelsRequired) {
      throw new AtelierError('BAD_USER_INPUT', `Image ${index} of the checkpoint's data set has no label; a conditional VAE encodes with one`, { path: 'prior' });
    }
    const label = m.label ?? -1;
    const group = groups.get(label);
    if (group) group.push(index);
    else groups.set(label, [index]);
  });
  for (const [label, indices] of groups) {
    if (indices.length < 2) {
      throw new AtelierError('BAD_USER_INPUT', `Fitting the prior needs at least 2 images of each label; label ${label} has ${indices.length} in the first images of the data set`, {
        path: 'priorSize',
        limit: 2,
      });
    }
  }
  return new Map([...groups].sort(([a], [b]) => a - b));
}

function componentOf(mixture: LatentMixture, label: number): number {
  const component = mixture.labels.indexOf(label);
  if (component < 0) {
    throw new AtelierError('BAD_USER_INPUT', `Label ${label} has no image in the images the prior was fitted on`, { path: 'priorSize' });
  }
  return component;
}

function pick(weights: number[], uniform: number): number {
  let left = uniform;
  for (let i = 0; i < weights.length - 1; i++) {
    left -= weights[i];
    if (left < 0) return i;
  }
  return weights.length - 1;
}

/**
 * Row-major lower Cholesky factor of a symmetric positive semi-definite `size × size` matrix. A
 * latent the encoder never varies gives a zero pivot; a tiny floor keeps the factor finite.
 */
export function cholesky(matrix: ArrayLike<number>, size: number): Float32Array {
  const lower = new Float64Array(size * size);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col <= row; col++) {
      let sum = matrix[row * size + col];
      for (let k = 0; k < col; k++) sum -= lower[row * size + k] * lower[col * size + k];
      lower[row * size + col] = row === col ? Math.sqrt(Math.max(sum, 1e-12)) : sum / lower[col * size + col];
    }
  }
  return Float32Array.from(lower);
}
