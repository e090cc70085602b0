import { tf, type Tensor } from '../engine/tf.js';
import type { TrainContext } from '../plugins/types.js';

/** What one optimizer step minimises, plus batch-mean values to report alongside it (loss parts). */
export interface StepObjective {
  loss: tf.Scalar;
  report?: Record<string, Tensor>;
}

// Reported values travel in the same exchange as the gradients; no tfjs variable name starts with '#'.
const reportPrefix = '#';

/**
 * One optimizer step of a training loop, data-parallel or not: gradients of the batch-mean loss,
 * `ctx.allReduce` (averaged over the run's workers, with the reported values), then the update.
 * With one worker it is exactly `optimizer.minimize`. Returns the averaged loss (under `loss`) and
 * reported values as numbers, and leaves no tensor behind.
 */
export async function optimizerStep(
  ctx: Pick<TrainContext<unknown>, 'allReduce'>,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  objective: () => StepObjective,
): Promise<Record<string, number>> {
  const reported: Record<string, Tensor> = {};
  const { value, grads } = optimizer.computeGradients(() => {
    const { loss, report = {} } = objective();
    // Kept past computeGradients' tidy, so the parts are reported without a second forward pass.
    for (const [name, tensor] of Object.entries(report)) reported[`${reportPrefix}${name}`] = tf.keep(tensor);
    return loss;
  }, variables);
  const reduced = await ctx.allReduce({ ...grads, ...reported, [`${reportPrefix}loss`]: value });
  try {
    const gradients: tf.NamedTensorMap = {};
    const values: Record<string, number> = {};
    for (const [name, tensor] of Object.entries(reduced)) {
      if (name.startsWith(reportPrefix)) values[name.slice(reportPrefix.length)] = tensor.dataSync()[0];
      else gradients[name] = tensor;
    }
    optimizer.applyGradients(gradients);
    return values;
  } finally {
    tf.dispose(Object.values(reduced));
  }
}
