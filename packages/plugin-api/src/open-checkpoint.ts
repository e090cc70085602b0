import { AtelierError } from './errors.js';
import type { CheckpointRequirement, EditorContext, LoadedCheckpoint } from './types.js';

/** Where a checkpoint is opened: the step, its component, and the parameter (`with.checkpoint`) that named it. */
export interface CheckpointUse {
  step: string;
  component: string;
  path: string;
}

/**
 * The host's side of `ctx.open`: finds the checkpoint, refuses it with CHECKPOINT_INCOMPATIBLE when it
 * does not fit `requirement` (`checkpointMismatch`, before loading anything), loads it and checks its
 * handle. A test's stand-in may just hand a checkpoint back.
 */
export type CheckpointLoader = (ref: string, requirement: CheckpointRequirement, use: CheckpointUse) => Promise<LoadedCheckpoint>;

/**
 * `ctx.open` for one step: the editor's declared requirement, overridden per call by `options`, goes
 * to the loader; errors name the step and the parameter that named the checkpoint.
 */
export function checkpointOpener(use: { step: string; component: string }, declared: CheckpointRequirement | undefined, load: CheckpointLoader): EditorContext['open'] {
  const open = async (ref: string, options: CheckpointRequirement = {}) => {
    const requirement = { ...declared, ...options };
    const path = `with.${requirement.field ?? 'checkpoint'}`;
    try {
      const loaded = await load(ref, requirement, { ...use, path });
      return { record: loaded.record, handle: loaded.model, prepare: loaded.prepare };
    } catch (error) {
      if (error instanceof AtelierError) Object.assign(error.details, { step: use.step, path });
      throw error;
    }
  };
  // The overloads only type the handle; one implementation serves both.
  return open as EditorContext['open'];
}
