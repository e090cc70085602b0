import { createRandom, type Tensor1D, type Tensor2D, type Tensor4D, tf } from '@atelier/plugin-api';

const LLOYD_ITERATIONS = 20;
const BALANCING_ROUNDS = 200;

/**
 * What a dcgan's categories mean with `latentCategoriesFrom: 'clusters'` (a self-conditioned GAN, no
 * labels used): equal-size k-means clusters of the training images' 2×2 means, which tolerate a
 * pixel's shift (with 20 clusters of MNIST, 72% of the digits share their cluster's commonest digit,
 * against 67% on raw pixels). Each image belongs to the centroid nearest after subtracting that
 * cluster's offset; the offsets are prices set so every cluster holds about n/k images. Equal sizes
 * are what let the sampler draw categories uniformly and still draw the data's mix. Assignment is a
 * function of the image alone, so every shard of a data-parallel run, and a resumed run on the same
 * data, labels an image alike.
 */
export class ImageClusters {
  private constructor(
    private readonly centroids: Tensor2D,
    private readonly offsets: Tensor1D,
  ) {}

  get count(): number {
    return this.centroids.shape[0];
  }

  /** Fits `count` clusters to `images` (k-means++ seeding, then Lloyd iterations with balanced assignment). */
  static fit(images: Tensor4D, count: number, seed: number): ImageClusters {
    const points = features(images);
    const squaredNorms = tf.tidy(() => tf.sum(tf.square(points), 1)) as Tensor1D;
    try {
      let centroids = seedCentroids(points, squaredNorms, count, seed);
      let offsets: Float32Array = new Float32Array(count);
      for (let iteration = 0; iteration < LLOYD_ITERATIONS; iteration++) {
        const distances = squaredDistances(points, squaredNorms, centroids);
        offsets = balancingOffsets(distances, count, offsets);
        const members = nearest(distances, count, offsets);
        const next = tf.tidy(() => {
          const oneHot = tf.oneHot(tf.tensor1d(members, 'int32'), count).toFloat();
          const sizes = tf.sum(oneHot, 0).expandDims(1);
          // A cluster left empty keeps its centroid instead of dividing by zero.
          const means = tf.div(tf.matMul(oneHot, points, true, false), tf.maximum(sizes, 1));
          return tf.where(tf.greater(sizes, 0).tile([1, points.shape[1]]), means, centroids) as Tensor2D;
        });
        centroids.dispose();
        centroids = next;
      }
      const distances = squaredDistances(points, squaredNorms, centroids);
      return new ImageClusters(centroids, tf.tensor1d(balancingOffsets(distances, count, offsets)));
    } finally {
      tf.dispose([points, squaredNorms]);
    }
  }

  /** The one-hot of each image's cluster, `[n, count]`. */
  assign(images: Tensor4D): Tensor2D {
    return tf.tidy(() => {
      const points = features(images);
      // argmin ‖x − c‖² − offset, without the ‖x‖² every cluster shares.
      const scores = tf.add(tf.sub(tf.matMul(points, this.centroids, false, true).mul(2), tf.sum(tf.square(this.centroids), 1)), this.offsets);
      return tf.oneHot(tf.argMax(scores, 1), this.count).toFloat() as Tensor2D;
    });
  }

  dispose(): void {
    tf.dispose([this.centroids, this.offsets]);
  }
}

function features(images: Tensor4D): Tensor2D {
  return tf.tidy(() => tf.reshape(tf.avgPool(images, 2, 2, 'valid'), [images.shape[0], -1]) as Tensor2D);
}

/** ‖x − c‖² for every point and centroid, as a flat row-major `[n, k]` array. */
function squaredDistances(points: Tensor2D, squaredNorms: Tensor1D, centroids: Tensor2D): Float32Array {
  return tf.tidy(() =>
    tf.add(tf.sub(squaredNorms.expandDims(1), tf.matMul(points, centroids, false, true).mul(2)), tf.sum(tf.square(centroids), 1)).dataSync() as Float32Array,
  );
}

/** k-means++ (Arthur & Vassilvitskii 2007): each next centroid is a point drawn with probability ∝ its squared distance to the nearest chosen one. */
function seedCentroids(points: Tensor2D, squaredNorms: Tensor1D, count: number, seed: number): Tensor2D {
  const random = createRandom(seed);
  const n = points.shape[0];
  const chosen = [Math.floor(random.next() * n)];
  let closest = new Float32Array(n).fill(Infinity);
  while (chosen.length < count) {
    const latest = tf.tidy(() => tf.gather(points, [chosen[chosen.length - 1]]) as Tensor2D);
    const distances = squaredDistances(points, squaredNorms, latest);
    latest.dispose();
    closest = closest.map((d, i) => Math.min(d, Math.max(distances[i], 0)));
    const total = closest.reduce((sum, d) => sum + d, 0);
    let target = random.next() * total;
    let picked = 0;
    while (picked < n - 1 && target >= closest[picked]) target -= closest[picked++];
    chosen.push(picked);
  }
  return tf.gather(points, chosen) as Tensor2D;
}

/** Each point's cluster: the smallest distance minus that cluster's offset. */
function nearest(distances: Float32Array, count: number, offsets: Float32Array): Int32Array {
  const members = new Int32Array(distances.length / count);
  for (let i = 0; i < members.length; i++) {
    let best = 0;
    for (let k = 1; k < count; k++) if (distances[i * count + k] - offsets[k] < distances[i * count + best] - offsets[best]) best = k;
    members[i] = best;
  }
  return members;
}

/**
 * Offsets that even out the cluster sizes: a price ascent that raises the offset of a cluster
 * holding fewer than n/k points and lowers an overfull one's, in steps proportional to the shortfall
 * and shrinking as the sizes settle. Starts from the previous iteration's offsets.
 */
function balancingOffsets(distances: Float32Array, count: number, start: Float32Array): Float32Array {
  const n = distances.length / count;
  const target = n / count;
  const offsets = Float32Array.from(start);
  // Steps in the units of the distances: the mean gap between a point's two nearest centroids.
  let gap = 0;
  for (let i = 0; i < n; i++) {
    const row = distances.subarray(i * count, (i + 1) * count);
    const [first, second] = Array.from(row).sort((a, b) => a - b);
    gap += (second - first) / n;
  }
  for (let round = 0; round < BALANCING_ROUNDS; round++) {
    const sizes = new Float32Array(count);
    for (const member of nearest(distances, count, offsets)) sizes[member]++;
    const step = gap * (1 - round / BALANCING_ROUNDS);
    for (let k = 0; k < count; k++) offsets[k] += (step * (target - sizes[k])) / target;
  }
  return offsets;
}
