import { createRandom, deriveSeed } from '@atelier/plugin-api';

export type Latent = number[];

/** Seed of the i-th image of a seeded request; independent of the count, so more images extend a grid. */
export function imageSeed(seed: number, index: number): number {
  return deriveSeed(seed, `image-${index}`);
}

/**
 * A standard normal latent from a seed (Box–Muller on core's seeded stream), computed in JS so every
 * backend sees the same numbers. With `truncation` t, components beyond ±t are redrawn — the
 * truncation trick: less variety, more typical images. With `categories` > 0 the first components
 * are a categorical code (see {@link withCategory}).
 */
export function latentFromSeed(seed: number, size: number, truncation?: number, categories = 0): Latent {
  const random = createRandom(seed);
  const normal = (): number => {
    const u = 1 - random.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
  };
  const latent: Latent = [];
  while (latent.length < size) {
    const value = normal();
    if (truncation === undefined || Math.abs(value) <= truncation) latent.push(value);
  }
  return withCategory(latent, categories, seed);
}

/**
 * InfoGAN's categorical code (Chen et al. 2016): the first `categories` components become the
 * one-hot of a category drawn uniformly from the seed; the rest stay normal noise.
 */
export function withCategory(latent: Latent, categories: number, seed: number): Latent {
  if (categories === 0) return latent;
  const category = Math.floor(createRandom(deriveSeed(seed, 'category')).next() * categories);
  return latent.map((value, i) => (i < categories ? Number(i === category) : value));
}

export function lerp(a: Latent, b: Latent, t: number): Latent {
  return a.map((v, i) => (1 - t) * v + t * b[i]);
}

/** Spherical interpolation: stays on the shell where Gaussian latents live; linear when a ∥ b. */
export function slerp(a: Latent, b: Latent, t: number): Latent {
  const norm = (v: Latent) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const cos = a.reduce((s, x, i) => s + x * b[i], 0) / (norm(a) * norm(b) || 1);
  const omega = Math.acos(Math.min(1, Math.max(-1, cos)));
  if (Math.sin(omega) < 1e-6) return lerp(a, b, t);
  const wa = Math.sin((1 - t) * omega) / Math.sin(omega);
  const wb = Math.sin(t * omega) / Math.sin(omega);
  return a.map((v, i) => wa * v + wb * b[i]);
}

/** `frames` latents from a to b inclusive. */
export function interpolateLatents(a: Latent, b: Latent, frames: number, mode: 'linear' | 'spherical'): Latent[] {
  const step = mode === 'spherical' ? slerp : lerp;
  return Array.from({ length: frames }, (_, i) => step(a, b, frames === 1 ? 0 : i / (frames - 1)));
}

/** Latent arithmetic `a − b + c` (the "king − man + woman" of GAN latents). */
export function arithmetic(a: Latent, b: Latent, c: Latent): Latent {
  return a.map((v, i) => v - b[i] + c[i]);
}

export function meanLatent(latents: Latent[]): Latent {
  const sum = latents[0].map(() => 0);
  for (const latent of latents) latent.forEach((v, i) => (sum[i] += v));
  return sum.map((v) => v / latents.length);
}
