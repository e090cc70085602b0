import { AtelierError, type CheckpointRequirement, type EditorContext } from '@atelier/plugin-api';
import type { RestorerHandle } from '../models/restorer-handle.js';
import type { RestoreTask } from '../models/restorer-hyperparameters.js';

export const restorerRequirement: CheckpointRequirement = { families: ['cnn.restorer'], capability: 'restore' };

/**
 * Refuses the restorer `ctx.open` gave unless it was trained for `task` (a family and capability
 * cannot say which tasks one checkpoint learned). Restore editors skip `prepare`: its resize to the
 * training size would undo the point of restoring (and of upscaling), and the fully convolutional
 * network takes any size.
 */
export function checkRestoreTask(ctx: EditorContext, ref: string, handle: RestorerHandle, task: RestoreTask): void {
  if (!handle.tasks.includes(task)) {
    throw new AtelierError('CHECKPOINT_INCOMPATIBLE', `Checkpoint "${ref}" was trained for ${handle.tasks.join(', ')}, not ${task}`, {
      step: ctx.stepId,
      path: 'with.checkpoint',
      limit: handle.tasks.join(', '),
    });
  }
}
