import { AtelierError, type CheckpointRequirement, type EditorContext } from '@atelier/core';
import type { RestorerHandle } from '../models/restorer-handle.js';
import type { RestoreTask } from '../models/restorer-hyperparameters.js';

export const restorerRequirement: CheckpointRequirement = { families: ['cnn.restorer'], capability: 'restore' };

/**
 * Opens a restorer checkpoint for one task. Restore editors skip `loaded.prepare`: its resize to the
 * training size would undo the point of restoring (and of upscaling), and the fully convolutional
 * network takes any size; the handle itself refuses a channel count other than the training one.
 * A checkpoint without `restore` (a classifier, say) or one not trained for the task is refused
 * with CHECKPOINT_INCOMPATIBLE naming `with.checkpoint`.
 */
export async function openRestorerCheckpoint(ctx: EditorContext, ref: string, task: RestoreTask): Promise<RestorerHandle> {
  const loaded = await ctx.checkpoint(ref, restorerRequirement);
  const handle = loaded.model as RestorerHandle;
  if (typeof handle.restore !== 'function') {
    throw new AtelierError('CHECKPOINT_INCOMPATIBLE', `Checkpoint "${ref}" (${loaded.record.family}) cannot restore images`, {
      step: ctx.stepId,
      path: 'with.checkpoint',
      limit: 'restore',
    });
  }
  if (!handle.tasks.includes(task)) {
    throw new AtelierError('CHECKPOINT_INCOMPATIBLE', `Checkpoint "${ref}" was trained for ${handle.tasks.join(', ')}, not ${task}`, {
      step: ctx.stepId,
      path: 'with.checkpoint',
      limit: handle.tasks.join(', '),
    });
  }
  return handle;
}
