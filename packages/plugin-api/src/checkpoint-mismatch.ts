import type { CheckpointRequirement } from './types.js';

/** A checkpoint as the check sees it: its family, and what that family declares it can do. */
export interface CheckpointFit {
  ref: string;
  family: string;
  /** The family's declared capabilities; absent when no loaded plugin provides the family. */
  capabilities?: readonly string[];
  /** The component asking, named when its families exclude the checkpoint's. */
  component: string;
}

/**
 * Why a checkpoint cannot serve a requirement (the message of a CHECKPOINT_INCOMPATIBLE problem), or
 * null when it can. The one check behind validation before compute and `ctx.open` when a step runs.
 */
export function checkpointMismatch(checkpoint: CheckpointFit, requirement: CheckpointRequirement): string | null {
  const { ref, family, capabilities, component } = checkpoint;
  if (requirement.families && !requirement.families.includes(family)) {
    return `checkpoint "${ref}" is a ${family}; ${component} takes ${requirement.families.join(' or ')}`;
  }
  if (!capabilities) return `checkpoint "${ref}" needs model family ${family}, which no loaded plugin provides`;
  if (requirement.capability && !capabilities.includes(requirement.capability)) {
    return `checkpoint "${ref}" (${family}) cannot ${requirement.capability}`;
  }
  return null;
}
