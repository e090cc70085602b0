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

  it('counts top-1 class shares and agreement with the labels images were asked for', () => {
    // Rows: top-1 classes 0, 1, 1, 2; asked for 0, 1, 2, 2.
    const rows = new Float32Array([0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.1, 0.6, 0.3, 0, 0.1, 0.9]);
    const score = qualityScore(rows, 3, { embeddings: new Float32Array(), count: 4, labels: [0, 1, 2, 2] }, none, 0);
    expect(score.classShares).toEqual([0.25, 0.5, 0.25]);
    expect(score.labelAgreement).toEqual({ overall: 0.75, byClass: [1, 1, 0.5] });
    const unlabelled = qualityScore(rows, 3, { embeddings: new Float32Array(), count: 4 }, none, 0);
    expect(unlabelled.labelAgreement).toBeNull();
    const onlyOneAsked = qualityScore(rows, 3, { embeddings: new Float32Array(), count: 4, labels: [0, null, null, null] }, none, 0);
    expect(onlyOneAsked.labelAgreement).toEqual({ overall: 1, byClass: [1, null, null] });
  });
});
