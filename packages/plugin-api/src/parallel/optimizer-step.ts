import { tf, type Tensor } from '../tf.js';
import type { TrainContext } from '../types.js';

/** What one optimizer step minimises, plus batch-mean values to report alongside it (loss parts). */
export interface StepObjective {
  loss: tf.Scalar;
  report?: Record<string, Tensor>;
}

// Reported values travel in the same exchange as the gradients; no tfjs variable name starts with '#'.
const reportPrefix = '#';
const lossName = `${reportPrefix}loss`;

/**
 * Gradients of one part of a step's loss, computed ahead of the step that adds the rest and applies
 * them: a loop can compute the part that does not depend on a pending update while that update's
 * exchange travels. The step's gradients are the sum of the parts', as if their losses were summed.
 */
export interface GradientPart {
  /** Gradients by variable name, the loss under `#loss` and reported values under `#name`. */
  readonly tensors: Record<string, Tensor>;
  dispose(): void;
}

/** An optimizer step whose gradients are in `ctx.allReduce`; each step is applied or discarded once. */
export interface PendingStep {
  /** Waits for the averaged gradients and applies them: the loss (under `loss`) and reported values, as numbers. */
  apply(): Promise<Record<string, number>>;
  /** Drops the step unapplied (a run that stops), freeing what its exchange returns, or ignoring its failure. */
  discard(): Promise<void>;
}

/** The gradients of `objective`'s loss with respect to `variables`, kept (with its values) for a later step. */
export function computeGradientPart(variables: tf.Variable[], objective: () => StepObjective): GradientPart {
  const reported: Record<string, Tensor> = {};
  const { value, grads } = tf.variableGrads(() => {
    const { loss, report = {} } = objective();
    // Kept past variableGrads' tidy, so the parts are reported without a second forward pass.
    for (const [name, tensor] of Object.entries(report)) reported[`${reportPrefix}${name}`] = tf.keep(tensor);
    return loss;
  }, variables);
  const tensors: Record<string, Tensor> = { ...grads, ...reported, [lossName]: value };
  return { tensors, dispose: () => tf.dispose(Object.values(tensors)) };
}

/**
 * Starts one optimizer step of a training loop, data-parallel or not: gradients of the batch-mean
 * loss (plus those of `ahead`, computed earlier), sent through `ctx.allReduce` (averaged over the
 * run's workers, with the reported values). The update waits for `apply()`, so the loop may compute
 * what does not need it while the gradients travel. Values of the same name in `ahead` and in
 * `objective` (the loss, reported parts) are summed. The step frees `ahead`, whether it succeeds or not.
 */
export function startOptimizerStep(
  ctx: Pick<TrainContext<unknown>, 'allReduce'>,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  objective: () => StepObjective,
  ahead?: GradientPart,
): PendingStep {
  let part: GradientPart;
  try {
    part = computeGradientPart(variables, objective);
  } catch (error) {
    ahead?.dispose();
    throw error;
  }
  const tensors = ahead ? sumParts(ahead, part) : part.tensors;
  const reduced = ctx.allReduce(tensors);
  // A canceled run rejects the exchange; whoever applies or discards the step sees it, not Node.
  reduced.catch(() => undefined);
  return {
    async apply() {
      const averaged = await reduced;
      try {
        const gradients: tf.NamedTensorMap = {};
        const values: Record<string, number> = {};
        for (const [name, tensor] of Object.entries(averaged)) {
          if (name.startsWith(reportPrefix)) values[name.slice(reportPrefix.length)] = tensor.dataSync()[0];
          else gradients[name] = tensor;
        }
        optimizer.applyGradients(gradients);
        return values;
      } finally {
        tf.dispose(Object.values(averaged));
      }
    },
    async discard() {
      const averaged = await reduced.catch(() => ({}));
      tf.dispose(Object.values(averaged));
    },
  };
}

/**
 * One optimizer step: gradients (plus `ahead`'s), `ctx.allReduce`, then the update. With one worker
 * and no `ahead` it is exactly `optimizer.minimize`. Returns the averaged loss (under `loss`) and
 * reported values as numbers, and leaves no tensor behind.
 */
export function optimizerStep(...step: Parameters<typeof startOptimizerStep>): Promise<Record<string, number>> {
  return startOptimizerStep(...step).apply();
}

/** Both parts' tensors summed by name (a name in one part only is taken as it is); both parts are consumed. */
function sumParts(first: GradientPart, second: GradientPart): Record<string, Tensor> {
  const sum: Record<string, Tensor> = { ...first.tensors };
  for (const [name, tensor] of Object.entries(second.tensors)) {
    const earlier = sum[name];
    sum[name] = earlier ? tf.add(earlier, tensor) : tensor;
    if (earlier) tf.dispose([earlier, tensor]);
  }
  return sum;
}
