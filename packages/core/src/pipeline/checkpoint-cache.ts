import {
  AtelierError,
  checkHandle,
  checkpointMismatch,
  type CheckpointRecord,
  type CheckpointRequirement,
  type CheckpointUse,
  type LoadedCheckpoint,
  type ModelHandle,
  type PreprocessContext,
  type tf as TF,
} from '@atelier/plugin-api';
import type { PluginRegistry } from '../plugins/registry.js';
import type { RunResources } from '../contracts/run-ports.js';
import { applyPreprocessChain } from './preprocess-chain.js';

interface OpenCheckpoint {
  record: CheckpointRecord;
  model: ModelHandle;
}

/**
 * Opens each checkpoint once and keeps up to `capacity` of them warm across the runs of one worker
 * (least recently used go first). Checkpoints are immutable by id, so a warm handle never goes stale.
 */
export class CheckpointCache {
  private readonly open = new Map<string, Promise<OpenCheckpoint>>();

  constructor(
    private readonly deps: { tf: typeof TF; registry: PluginRegistry; resources: RunResources; capacity: number },
  ) {}

  /** The checkpoint `ref` names, refused before it loads when it does not fit the step's requirement. */
  async get(ref: string, requirement: CheckpointRequirement, use: CheckpointUse, preprocess: PreprocessContext): Promise<LoadedCheckpoint> {
    const record = await this.deps.resources.checkpoint(ref);
    const capabilities = this.deps.registry.family(record.family)?.capabilities;
    const mismatch = checkpointMismatch({ ref, family: record.family, capabilities, component: use.component }, requirement);
    if (mismatch) throw new AtelierError('CHECKPOINT_INCOMPATIBLE', `Step "${use.step}", ${use.path}: ${mismatch}`, { step: use.step, path: use.path });
    let opened = this.open.get(record.id);
    if (opened) this.open.delete(record.id);
    else opened = this.load(record);
    // Re-inserted last: Map order is the recency order.
    this.open.set(record.id, opened);
    opened.catch(() => this.open.delete(record.id));
    const { model } = await opened;
    return {
      record,
      model,
      prepare: (batch) => applyPreprocessChain(this.deps.registry, record.preprocess, batch, preprocess, { training: false }),
    };
  }

  /** Called when a run ends: closes the least recently used checkpoints beyond the capacity. */
  release(): void {
    for (const [id, opened] of this.open) {
      if (this.open.size <= this.deps.capacity) break;
      this.open.delete(id);
      void opened.then(({ model }) => model.dispose(), () => undefined);
    }
  }

  async dispose(): Promise<void> {
    const opened = await Promise.allSettled(this.open.values());
    this.open.clear();
    for (const result of opened) if (result.status === 'fulfilled') result.value.model.dispose();
  }

  private async load(record: CheckpointRecord): Promise<OpenCheckpoint> {
    const { tf, registry, resources } = this.deps;
    const family = registry.family(record.family)!;
    const models = await resources.loadModels(record);
    let model: ModelHandle | undefined;
    try {
      model = family.load({ record, models, tf });
      checkHandle(family, model, (id) => registry.capability(id));
    } catch (error) {
      // A handle owns the models it was given; without one, nothing does yet.
      if (typeof model?.dispose === 'function') model.dispose();
      else for (const loaded of Object.values(models)) loaded.dispose();
      throw error;
    }
    return { record, model };
  }
}
