import type { InjectionToken } from 'tsyringe';
import type { ArtifactStore, CheckpointStore, Database, DatasetStore, PipelineStore, RunStore } from './store/records.js';
import type { JobQueue } from './jobs/job-queue.js';
import type { Engine } from './engine/engine.js';
import type { PluginRegistry } from './plugins/registry.js';
import type { AtelierConfig } from './config.js';
import type { InputFiles } from './inputs/input-files.js';
import type { DatasetDecoder } from './datasets/decode-images.js';
import type { Logger } from '@atelier/plugin-api';
import type { StepCache } from './store/step-cache-store.js';
import type { BatchStore } from './store/batch-store.js';

/** A symbol that remembers the type it resolves to (tsyringe's own tokens widen to `unknown`). */
export type Token<T> = symbol & { readonly __type?: T };

export function token<T>(name: string): Token<T> {
  return Symbol.for(`atelier:${name}`) as Token<T>;
}

export function asInjectionToken<T>(t: Token<T>): InjectionToken<T> {
  return t as InjectionToken<T>;
}

export interface Clock {
  now(): Date;
}

export const Tokens = {
  Config: token<AtelierConfig>('Config'),
  Database: token<Database>('Database'),
  RunStore: token<RunStore>('RunStore'),
  ArtifactStore: token<ArtifactStore>('ArtifactStore'),
  CheckpointStore: token<CheckpointStore>('CheckpointStore'),
  DatasetStore: token<DatasetStore>('DatasetStore'),
  PipelineStore: token<PipelineStore>('PipelineStore'),
  JobQueue: token<JobQueue>('JobQueue'),
  Engine: token<Engine>('Engine'),
  PluginRegistry: token<PluginRegistry>('PluginRegistry'),
  Clock: token<Clock>('Clock'),
  Logger: token<Logger>('Logger'),
  InputFiles: token<InputFiles>('InputFiles'),
  StepCache: token<StepCache>('StepCache'),
  BatchStore: token<BatchStore>('BatchStore'),
  DatasetDecoder: token<DatasetDecoder>('DatasetDecoder'),
} as const;
