import { frechetDistance } from './frechet-distance.js';

export interface QualityScore {
  count: number;
  /** Mean top-1 probability: how sure the classifier is that images show one of its classes. */
  meanConfidence: number;
  /** Mean entropy of each image's class distribution (nats; low = confident). */
  meanEntropy: number;
  /** Entropy of the batch's mean class distribution (nats; high = diverse, max ln(classes)). */
  classEntropy: number;
  /** exp(E[KL(p(y|x) ‖ p(y))]) on the classifier's own classes, in [1, classes]; higher is better. */
  inceptionScore: number;
  /** Fréchet distance between generated and real embeddings; lower is better; null below 2 images. */
  frechetDistance: number | null;
  /** Share of the batch whose top-1 class is each class (sums to 1): mode dropping shows here. */
  classShares: number[];
  /**
   * Where images carry the label they were asked for (or their true label): the share whose top-1
   * class is that label, overall and per asked-for class (null for a class never asked for).
   */
  labelAgreement: { overall: number; byClass: (number | null)[] } | null;
}

const entropy = (p: ArrayLike<number>): number => {
  let h = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) h -= p[i] * Math.log(p[i]);
  return h;
};

/**
 * Scores a generated batch from its class probabilities (`count × classes`, row-major) and its
 * embeddings against real embeddings (row-major, `dim` wide).
 */
export function qualityScore(
  probabilities: ArrayLike<number>,
  classes: number,
  generated: { embeddings: ArrayLike<number>; count: number; labels?: (number | null)[] },
  real: { embeddings: ArrayLike<number>; count: number },
  dim: number,
): QualityScore {
  const count = generated.count;
  const marginal = new Float64Array(classes);
  const topCounts = new Array<number>(classes).fill(0);
  const asked = new Array<number>(classes).fill(0);
  const agreed = new Array<number>(classes).fill(0);
  let confidence = 0;
  let entropySum = 0;
  for (let r = 0; r < count; r++) {
    const row = Array.prototype.slice.call(probabilities, r * classes, (r + 1) * classes) as number[];
    const top = row.indexOf(Math.max(...row));
    confidence += row[top];
    topCounts[top]++;
    entropySum += entropy(row);
    row.forEach((p, c) => (marginal[c] += p / count));
    const label = generated.labels?.[r];
    if (label !== null && label !== undefined && label >= 0 && label < classes) {
      asked[label]++;
      if (top === label) agreed[label]++;
    }
  }
  const labelled = asked.reduce((sum, n) => sum + n, 0);
  let divergence = 0;
  for (let r = 0; r < count; r++) {
    for (let c = 0; c < classes; c++) {
      const p = probabilities[r * classes + c];
      if (p > 0 && marginal[c] > 0) divergence += (p * Math.log(p / marginal[c])) / count;
    }
  }
  return {
    count,
    meanConfidence: count > 0 ? confidence / count : 0,
    meanEntropy: count > 0 ? entropySum / count : 0,
    classEntropy: entropy(marginal),
    inceptionScore: Math.exp(divergence),
    frechetDistance: count >= 2 && real.count >= 2 ? frechetDistance(generated.embeddings, count, real.embeddings, real.count, dim) : null,
    classShares: topCounts.map((n) => (count > 0 ? n / count : 0)),
    labelAgreement:
      labelled > 0
        ? { overall: agreed.reduce((sum, n) => sum + n, 0) / labelled, byClass: asked.map((n, c) => (n > 0 ? agreed[c] / n : null)) }
        : null,
  };
}
