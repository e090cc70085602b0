import { AtelierError } from '../errors.js';
import type { tf as TF } from '../engine/tf.js';
import { checkHandle } from '../plugins/capabilities.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { CheckpointRequirement, LoadedCheckpoint, PreprocessContext } from '../plugins/types.js';
import type { CheckpointRecord, CheckpointStore } from '../store/records.js';
import { applyPreprocessChain } from './preprocess-chain.js';

/** Opens each checkpoint a run uses once, and frees them all when the run ends. */
export class CheckpointCache {
  private readonly open = new Map<string, Promise<LoadedCheckpoint>>();

  constructor(
    private readonly deps: { tf: typeof TF; registry: PluginRegistry; checkpoints: CheckpointStore },
  ) {}

  get(ref: string, requirement: CheckpointRequirement | undefined, preprocess: PreprocessContext): Promise<LoadedCheckpoint> {
    const record = this.deps.checkpoints.resolve(ref);
    checkRequirement(record.family, ref, requirement, this.deps.registry);
    let loaded = this.open.get(record.id);
    if (!loaded) {
      loaded = this.load(record, preprocess);
      this.open.set(record.id, loaded);
    }
    return loaded;
  }

  private async load(record: CheckpointRecord, preprocess: PreprocessContext): Promise<LoadedCheckpoint> {
    const { tf, registry, checkpoints } = this.deps;
    const family = registry.family(record.family)!;
    const models = await checkpoints.loadModels(record);
    let model;
    try {
      model = family.load({ record, models, tf });
      checkHandle(family, model);
    } catch (error) {
      // A handle owns the models it was given; without one, nothing does yet.
      if (typeof model?.dispose === 'function') model.dispose();
      else for (const loaded of Object.values(models)) loaded.dispose();
      throw error;
    }
    return {
      record,
      model,
      prepare: (batch) => applyPreprocessChain(registry, record.preprocess, batch, preprocess, { training: false }),
    };
  }

  async dispose(): Promise<void> {
    const loaded = await Promise.allSettled(this.open.values());
    this.open.clear();
    for (const result of loaded) if (result.status === 'fulfilled') result.value.model.dispose();
  }
}

function checkRequirement(family: string, ref: string, requirement: CheckpointRequirement | undefined, registry: PluginRegistry): void {
  const loaded = registry.family(family);
  if (!loaded) {
    throw new AtelierError('CHECKPOINT_INCOMPATIBLE', `Checkpoint "${ref}" needs model family ${family}, which no loaded plugin provides`, {
      path: 'checkpoint',
    });
  }
  if (requirement?.families && !requirement.families.includes(family)) {
    throw new AtelierError('CHECKPOINT_INCOMPATIBLE', `Checkpoint "${ref}" is a ${family}; expected ${requirement.families.join(' or ')}`, {
      path: 'checkpoint',
    });
  }
  if (requirement?.capability && !loaded.capabilities.includes(requirement.capability)) {
    throw new AtelierError('CHECKPOINT_INCOMPATIBLE', `Checkpoint "${ref}" (${family}) cannot ${requirement.capability}`, {
      path: 'checkpoint',
    });
  }
}
