import { describe, expect, it } from 'vitest';
import { interpolateLatents, latentFromSeed, meanLatent, slerp } from './latents.js';

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('latents', () => {
  it('draws the same standard-normal latent from a seed, and respects truncation', () => {
    const a = latentFromSeed(42, 4096);
    expect(latentFromSeed(42, 4096)).toEqual(a);
    expect(latentFromSeed(43, 4096)).not.toEqual(a);
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(Math.abs(norm(a) / Math.sqrt(a.length) - 1)).toBeLessThan(0.05);
    expect(Math.max(...latentFromSeed(42, 4096, 0.5).map(Math.abs))).toBeLessThanOrEqual(0.5);
  });

  it('slerp hits both ends and keeps the norm of equal-norm ends; lerp shrinks it', () => {
    const a = [1, 0];
    const b = [0, 1];
    expect(slerp(a, b, 0)).toEqual(a);
    expect(slerp(a, b, 1)[1]).toBeCloseTo(1);
    expect(norm(slerp(a, b, 0.5))).toBeCloseTo(1);
    const [, middle] = interpolateLatents(a, b, 3, 'linear');
    expect(norm(middle)).toBeCloseTo(Math.SQRT1_2);
    expect(meanLatent([a, b])).toEqual([0.5, 0.5]);
  });
});
