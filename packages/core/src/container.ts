import 'reflect-metadata';
import { container as rootContainer, Lifecycle, type DependencyContainer } from 'tsyringe';
import { loadAdapters } from './adapters/load-adapters.js';
import { AtelierApp } from './atelier-app.js';
import type { Atelier } from './atelier.js';
import { imagePlugin } from './builtins/index.js';
import type { AtelierConfig } from './config/config.js';
import { FileDatasetStore } from './datasets/dataset-store.js';
import { initEngine } from './engine/engine.js';
import { InputFiles } from './inputs/input-files.js';
import { silentLogger, type Logger } from '@atelier/plugin-api';
import { loadPlugins, type ModuleResolver } from './plugins/loader.js';
import { PluginRegistry } from './plugins/registry.js';
import { FileArtifactStore } from './store/artifact-store.js';
import { FileCheckpointStore } from './store/checkpoint-store.js';
import { openDatabase } from './store/database.js';
import { SqlitePipelineStore } from './store/pipeline-store.js';
import { SqliteRunStore } from './store/run-store.js';
import { SqliteStepCache } from './store/step-cache-store.js';
import { SqliteBatchStore } from './store/batch-store.js';
import { asInjectionToken as t, Tokens, type Clock } from './contracts/tokens.js';
import { WorkerDecoder } from './worker/worker-decoder.js';

export interface CreateAtelierOptions {
  config: AtelierConfig;
  logger?: Logger;
  clock?: Clock;
  /** Resolves plugin and adapter package names from the composition root, so its dependencies resolve. */
  resolver?: ModuleResolver;
  /** Plugin module paths (tests, embedders), loaded after those named in the config. */
  plugins?: string[];
  /**
   * `all` (default): work through every queued run, including those a previous process left;
   * `submitted`: only runs submitted through this instance (the CLI); `none`: do not start.
   */
  queue?: 'all' | 'submitted' | 'none';
}

/**
 * The composition root of core: opens the engine and the home folder, registers every service
 * in a child of tsyringe's container under the tokens of `tokens.ts`, loads plugins (for their
 * manifests: this process validates and records, worker processes compute), marks runs a crash left
 * `running` as interrupted, and starts the queue. The container stays inside: clients use the facade.
 */
export async function createAtelier(options: CreateAtelierOptions): Promise<Atelier> {
  return (await composeAtelier(options)).atelier;
}

/** createAtelier with its container, for core's own test that every token resolves (not exported from the package). */
export async function composeAtelier(options: CreateAtelierOptions): Promise<{ atelier: Atelier; container: DependencyContainer }> {
  const { config } = options;
  const logger = options.logger ?? silentLogger;
  // First: a missing adapter fails the start before anything is opened.
  const adapters = await loadAdapters(config, options.resolver);
  const engine = await initEngine(config.backend);
  const container = rootContainer.createChildContainer();
  container.register(t(Tokens.Config), { useValue: config });
  container.register(t(Tokens.Logger), { useValue: logger });
  container.register(t(Tokens.Clock), { useValue: options.clock ?? { now: () => new Date() } });
  container.register(t(Tokens.Engine), { useValue: engine });
  container.register(t(Tokens.Database), { useValue: openDatabase(config.home) });
  const scoped = { lifecycle: Lifecycle.ContainerScoped } as const;
  container.register(t(Tokens.InputFiles), { useClass: InputFiles }, scoped);
  const decoder = new WorkerDecoder();
  container.register(t(Tokens.DatasetDecoder), { useValue: decoder });
  container.register(t(Tokens.RunStore), { useClass: SqliteRunStore }, scoped);
  container.register(t(Tokens.ArtifactStore), { useClass: FileArtifactStore }, scoped);
  container.register(t(Tokens.CheckpointStore), { useClass: FileCheckpointStore }, scoped);
  container.register(t(Tokens.DatasetStore), { useClass: FileDatasetStore }, scoped);
  container.register(t(Tokens.PipelineStore), { useClass: SqlitePipelineStore }, scoped);
  container.register(t(Tokens.StepCache), { useClass: SqliteStepCache }, scoped);
  container.register(t(Tokens.BatchStore), { useClass: SqliteBatchStore }, scoped);

  const registry = new PluginRegistry();
  registry.register(imagePlugin);
  const pluginFiles = await loadPlugins(registry, [...config.plugins, ...(options.plugins ?? [])], { resolver: options.resolver, root: config.root });
  for (const failure of registry.failures) logger.error({ plugin: failure.name, err: failure.error.message }, 'plugin failed to load');
  container.register(t(Tokens.PluginRegistry), { useValue: registry });

  const app = new AtelierApp(container, config, engine, registry, logger, pluginFiles, adapters);
  decoder.attach(app.pool);
  // Runs on a queue adapter's workers outlive this process: the queue reconciles them instead.
  const interrupted = config.queue.kind === 'embedded' ? app.runs.interruptRunning() : [];
  if (interrupted.length > 0) logger.warn({ runIds: interrupted }, 'runs left running by a previous process are now interrupted');
  const queue = options.queue ?? 'all';
  if (queue !== 'none') app.queue.start({ resumeQueued: queue === 'all' });
  return { atelier: app, container };
}
