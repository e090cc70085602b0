import { beforeAll, describe, expect, it } from 'vitest';
import { tf, type Tensor } from '../tf.js';
import { canceledError } from '../errors.js';
import { computeGradientPart, optimizerStep, startOptimizerStep } from './optimizer-step.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

let copies = 0;
/** A fresh, seeded linear layer (uniquely named variables: the optimizer finds them by name). */
function layer() {
  copies++;
  return {
    w: tf.variable(tf.randomNormal([3, 2], 0, 1, 'float32', 1), true, `w-${copies}`),
    b: tf.variable(tf.randomNormal([2], 0, 1, 'float32', 2), true, `b-${copies}`),
  };
}
const x = () => tf.tensor2d([[1, 2, 3], [-1, 0.5, 2]]);
/** Squared error of the affine map, and a second loss that only the weights (not the bias) reach. */
const fitLoss = (l: ReturnType<typeof layer>) => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x(), l.w), l.b), 1))) as tf.Scalar;
const sizeLoss = (l: ReturnType<typeof layer>) => tf.mean(tf.abs(tf.matMul(x(), l.w))) as tf.Scalar;
const bytesOf = (l: ReturnType<typeof layer>) => [l.w, l.b].map((v) => Buffer.from((v.dataSync() as Float32Array).buffer));
const identity = async <T>(tensors: T) => tensors;

/** An exchange that holds each round until `release` is called, as another worker's late gradients would. */
function heldAllReduce() {
  const waiting: (() => void)[] = [];
  const allReduce = <T extends Record<string, Tensor>>(tensors: T) => new Promise<T>((resolve) => waiting.push(() => resolve(tensors)));
  return { allReduce, waiting, release: () => waiting.shift()!() };
}

describe('optimizer steps', () => {
  it('sums a part computed ahead with the rest: the bits of one summed loss, the loss reported as the sum, no tensor left', async () => {
    const summed = layer();
    const parted = layer();
    const summedOptimizer = tf.train.adam(0.1);
    const partedOptimizer = tf.train.adam(0.1);
    const stepBoth = async () => {
      summedOptimizer.minimize(() => tf.add(fitLoss(summed), sizeLoss(summed)), false, [summed.w, summed.b]);
      const ahead = computeGradientPart([parted.w, parted.b], () => ({ loss: fitLoss(parted), report: { fit: fitLoss(parted) } }));
      return optimizerStep({ allReduce: identity }, partedOptimizer, [parted.w, parted.b], () => ({ loss: sizeLoss(parted) }), ahead);
    };
    await stepBoth();
    const tensors = tf.memory().numTensors; // once Adam has made its moments
    await stepBoth();
    const reported = await stepBoth();
    expect(tf.memory().numTensors).toBe(tensors);
    const expected = bytesOf(summed);
    bytesOf(parted).forEach((bytes, i) => expect(bytes.equals(expected[i]), ['w', 'b'][i]).toBe(true));
    expect(Object.keys(reported).sort()).toEqual(['fit', 'loss']);
    expect(reported.loss).toBeGreaterThan(reported.fit);
    tf.dispose([summed.w, summed.b, parted.w, parted.b]);
    summedOptimizer.dispose();
    partedOptimizer.dispose();
  });

  it('sends the gradients at once and updates on apply(); discard() frees what the exchange returns and the update never lands', async () => {
    const l = layer();
    const optimizer = tf.train.adam(0.1);
    const held = heldAllReduce();
    await optimizerStep({ allReduce: identity }, optimizer, [l.w, l.b], () => ({ loss: fitLoss(l) }));
    const tensors = tf.memory().numTensors;
    const before = bytesOf(l);

    const pending = startOptimizerStep(held, optimizer, [l.w, l.b], () => ({ loss: fitLoss(l) }));
    expect(held.waiting).toHaveLength(1);
    expect(bytesOf(l).every((bytes, i) => bytes.equals(before[i]))).toBe(true);
    held.release();
    const { loss } = await pending.apply();
    expect(loss).toBeGreaterThan(0);
    expect(bytesOf(l).some((bytes, i) => !bytes.equals(before[i]))).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);

    const applied = bytesOf(l);
    const dropped = startOptimizerStep(held, optimizer, [l.w, l.b], () => ({ loss: fitLoss(l) }));
    held.release();
    await dropped.discard();
    expect(bytesOf(l).every((bytes, i) => bytes.equals(applied[i]))).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
    tf.dispose([l.w, l.b]);
    optimizer.dispose();
  });

  it('a canceled exchange fails apply() with CANCELED, discard() takes it quietly, and a failing step frees what it was given', async () => {
    const l = layer();
    const optimizer = tf.train.adam(0.1);
    const canceled = { allReduce: async <T>(tensors: T): Promise<T> => {
      tf.dispose(Object.values(tensors as Record<string, Tensor>));
      // A tick later, as a cancel reaches a round in flight while the loop computes.
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw canceledError('Training');
    } };
    const tensors = tf.memory().numTensors;
    const failing = startOptimizerStep(canceled, optimizer, [l.w, l.b], () => ({ loss: fitLoss(l) }));
    const ahead = computeGradientPart([l.w, l.b], () => ({ loss: sizeLoss(l) }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(failing.apply()).rejects.toMatchObject({ code: 'CANCELED' });
    ahead.dispose();
    await startOptimizerStep(canceled, optimizer, [l.w, l.b], () => ({ loss: fitLoss(l) })).discard();
    expect(tf.memory().numTensors).toBe(tensors);
    // An objective that throws frees the part computed ahead for it.
    const orphan = computeGradientPart([l.w, l.b], () => ({ loss: sizeLoss(l) }));
    expect(() => startOptimizerStep(canceled, optimizer, [l.w, l.b], () => { throw new Error('objective failed'); }, orphan)).toThrow('objective failed');
    expect(tf.memory().numTensors).toBe(tensors);
    tf.dispose([l.w, l.b]);
    optimizer.dispose();
  });
});
