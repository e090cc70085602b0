import { missingCapabilities } from './capabilities.js';
import { AtelierError } from './errors.js';
import type { EditorContext, LoadedCheckpoint, OpenOptions } from './types.js';

/**
 * `ctx.open` over `ctx.checkpoint`: the checkpoint's family and capability are checked (core also
 * checked the handle at load), and errors name the step and the parameter that named the checkpoint.
 */
export function checkpointOpener(stepId: string, checkpoint: EditorContext['checkpoint']): EditorContext['open'] {
  return async (ref, capability, options: OpenOptions = {}) => {
    const path = `with.${options.field ?? 'checkpoint'}`;
    let loaded: LoadedCheckpoint;
    try {
      loaded = await checkpoint(ref, { families: options.families, capability });
    } catch (error) {
      if (error instanceof AtelierError) Object.assign(error.details, { step: stepId, path });
      throw error;
    }
    if (missingCapabilities(loaded.model, [capability]).length > 0) {
      throw new AtelierError('CHECKPOINT_INCOMPATIBLE', `Step "${stepId}": checkpoint "${ref}" (${loaded.record.family}) cannot ${capability}`, {
        step: stepId,
        path,
        limit: capability,
      });
    }
    return { record: loaded.record, handle: loaded.model as never, prepare: loaded.prepare };
  };
}
