import { describe, expect, it } from 'vitest';
import { qualityScore } from './quality-score.js';

const none = { embeddings: new Float32Array(), count: 0 };

describe('qualityScore', () => {
  it('gives a confident, diverse batch the full Inception-like score and class entropy', () => {
    const oneHot = new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const score = qualityScore(oneHot, 3, { embeddings: new Float32Array(), count: 3 }, none, 0);
    expect(score.meanConfidence).toBe(1);
    expect(score.meanEntropy).toBe(0);
    expect(score.inceptionScore).toBeCloseTo(3, 6);
    expect(score.classEntropy).toBeCloseTo(Math.log(3), 6);
    expect(score.frechetDistance).toBeNull();
  });

  it('gives an unsure batch, or one collapsed onto a class, the lowest score of 1', () => {
    const unsure = qualityScore(new Float32Array(6).fill(1 / 3), 3, { embeddings: new Float32Array(), count: 2 }, none, 0);
    expect(unsure.inceptionScore).toBeCloseTo(1, 6);
    expect(unsure.meanConfidence).toBeCloseTo(1 / 3, 6);
    const collapsed = qualityScore(new Float32Array([1, 0, 0, 1, 0, 0]), 3, { embeddings: new Float32Array(), count: 2 }, none, 0);
    expect(collapsed.inceptionScore).toBeCloseTo(1, 6);
    expect(collapsed.classEntropy).toBe(0);
  });
});
