import 'reflect-metadata';
import { container as rootContainer, Lifecycle, type DependencyContainer } from 'tsyringe';
import type { Atelier, TrainingRequest } from './atelier.js';
import { imagePlugin } from './builtins/index.js';
import type { AtelierConfig } from './config.js';
import { FileDatasetStore } from './datasets/dataset-store.js';
import { initEngine, type Engine } from './engine/engine.js';
import { PipelineInvalidError, type PipelineIssue } from './errors.js';
import { InputFiles } from './inputs/input-files.js';
import { createBullJobQueue } from './jobs/bull/create-bull-queue.js';
import { EmbeddedJobQueue } from './jobs/embedded-queue.js';
import type { JobQueue } from './jobs/job-queue.js';
import { RunEvents } from './jobs/run-events.js';
import { planTraining, type TrainingSpec } from './jobs/training-request.js';
import { silentLogger, type Logger } from './logger.js';
import { randomSeed } from './pipeline/random.js';
import type { PipelineSpec } from './pipeline/spec.js';
import type { StepShape } from './pipeline/step-shapes.js';
import { validatePipeline, type ValidationDeps } from './pipeline/validate.js';
import { loadPlugins, type ModuleResolver } from './plugins/loader.js';
import { PluginRegistry } from './plugins/registry.js';
import { FileArtifactStore } from './store/artifact-store.js';
import { FileCheckpointStore } from './store/checkpoint-store.js';
import { openDatabase } from './store/database.js';
import { SqlitePipelineStore } from './store/pipeline-store.js';
import type { ArtifactStore, CheckpointStore, DatasetStore, PipelineStore, RunRecord, RunStore } from './store/records.js';
import { SqliteRunStore } from './store/run-store.js';
import { asInjectionToken as t, Tokens, type Clock } from './tokens.js';
import type { WorkerTask } from './worker/protocol.js';
import { RunRecorder } from './worker/run-recorder.js';
import { defaultWorkerCount } from './worker/worker-count.js';
import { WorkerDecoder } from './worker/worker-decoder.js';
import { WorkerPool } from './worker/worker-pool.js';
import { runLimits, workerSettings } from './worker/worker-settings.js';

export interface CreateAtelierOptions {
  config: AtelierConfig;
  logger?: Logger;
  clock?: Clock;
  /** Resolves plugin package names from the composition root, so its dependencies resolve. */
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
 * `running` as interrupted, and starts the queue.
 */
export async function createAtelier(options: CreateAtelierOptions): Promise<Atelier> {
  const { config } = options;
  const logger = options.logger ?? silentLogger;
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

  const registry = new PluginRegistry();
  registry.register(imagePlugin);
  const pluginFiles = await loadPlugins(registry, [...config.plugins, ...(options.plugins ?? [])], { resolver: options.resolver, root: config.root });
  for (const failure of registry.failures) logger.error({ plugin: failure.name, err: failure.error.message }, 'plugin failed to load');
  container.register(t(Tokens.PluginRegistry), { useValue: registry });

  const app = new AtelierApp(container, config, engine, registry, logger, pluginFiles);
  decoder.attach(app.pool);
  // Runs on BullMQ workers outlive this process: the queue reconciles them instead.
  const interrupted = config.queue.kind === 'embedded' ? app.runs.interruptRunning() : [];
  if (interrupted.length > 0) logger.warn({ runIds: interrupted }, 'runs left running by a previous process are now interrupted');
  const queue = options.queue ?? 'all';
  if (queue !== 'none') app.queue.start({ resumeQueued: queue === 'all' });
  return app;
}

class AtelierApp implements Atelier {
  readonly runs: RunStore;
  readonly artifacts: ArtifactStore;
  readonly checkpoints: CheckpointStore;
  readonly datasets: DatasetStore;
  readonly pipelines: PipelineStore;
  readonly events = new RunEvents();
  readonly queue: JobQueue;
  readonly pool: WorkerPool;
  private readonly lookups: ValidationDeps;

  constructor(
    readonly container: DependencyContainer,
    readonly config: AtelierConfig,
    readonly engine: Engine,
    readonly registry: PluginRegistry,
    readonly logger: Logger,
    pluginFiles: string[],
  ) {
    this.runs = container.resolve(t(Tokens.RunStore));
    this.artifacts = container.resolve(t(Tokens.ArtifactStore));
    this.checkpoints = container.resolve(t(Tokens.CheckpointStore));
    this.datasets = container.resolve(t(Tokens.DatasetStore));
    this.pipelines = container.resolve(t(Tokens.PipelineStore));
    this.lookups = { registry, checkpoints: this.checkpoints, datasets: this.datasets, limits: runLimits(config) };
    const workers = config.workers ?? defaultWorkerCount(engine.report());
    const recorder = new RunRecorder({ runs: this.runs, artifacts: this.artifacts, checkpoints: this.checkpoints, events: this.events });
    this.pool = new WorkerPool({
      size: workers,
      // Workers run on the backend this process selected, so every run reports the same engine.
      settings: workerSettings(config, engine.report().backend, pluginFiles),
      cancelGraceMs: config.cancelGraceMs,
      recorder,
      lookup: { checkpoint: (ref) => this.checkpoints.resolve(ref), dataset: (name) => this.datasets.resolve(name) },
      logger,
    });
    this.queue =
      config.queue.kind === 'bullmq'
        ? createBullJobQueue({
            config: config.queue,
            runs: this.runs,
            artifacts: this.artifacts,
            stores: { checkpoints: this.checkpoints, datasets: this.datasets },
            events: this.events,
            recorder,
            logger,
            task: (run, stores) => this.task(run, stores),
          })
        : new EmbeddedJobQueue({
            runs: this.runs,
            events: this.events,
            engine,
            logger,
            concurrency: workers,
            execute: (run, signal) => this.pool.run(this.task(run), signal),
          });
    container.register(t(Tokens.JobQueue), { useValue: this.queue });
  }

  async validatePipeline(spec: unknown): Promise<PipelineIssue[]> {
    return validatePipeline(spec, this.lookups).issues;
  }

  async checkPipeline(spec: unknown): Promise<{ issues: PipelineIssue[]; steps: StepShape[] }> {
    const { issues, steps } = validatePipeline(spec, this.lookups);
    return { issues, steps };
  }

  async submitPipeline(raw: unknown, options: { seed?: number } = {}): Promise<RunRecord> {
    const { issues, plan } = validatePipeline(raw, this.lookups);
    if (!plan) throw new PipelineInvalidError(issues);
    const seed = options.seed ?? plan.spec.seed ?? randomSeed();
    const run = this.runs.create({
      kind: 'pipeline',
      name: plan.spec.name ?? null,
      spec: { ...plan.spec, seed },
      seed,
      steps: plan.spec.steps.map((step) => ({ stepId: step.id, use: step.use })),
    });
    this.queue.enqueue(run.id);
    return run;
  }

  async submitTraining(request: TrainingRequest): Promise<RunRecord> {
    const spec = planTraining(request, this.lookups);
    const seed = spec.seed ?? randomSeed();
    const run = this.runs.create({ kind: 'training', name: spec.family, spec: { ...spec, seed }, seed });
    this.queue.enqueue(run.id);
    return run;
  }

  /** What a worker needs to run a queued run; pipelines are re-validated, as a checkpoint or data set may have gone. */
  private task(run: RunRecord, stores: Pick<ValidationDeps, 'checkpoints' | 'datasets'> = this.lookups): WorkerTask {
    if (run.kind === 'training') return { kind: 'training', run, spec: run.spec as TrainingSpec };
    const { issues, plan } = validatePipeline(run.spec as PipelineSpec, { ...this.lookups, ...stores });
    if (!plan) throw new PipelineInvalidError(issues);
    return { kind: 'pipeline', run, steps: plan.steps.map(({ step, params, from }) => ({ step, params, from })) };
  }

  async close(options: { cancelRunning?: boolean } = {}): Promise<void> {
    await this.queue.stop(options);
    await this.pool.close();
    this.container.resolve(t(Tokens.Database)).close();
    this.container.dispose();
  }
}
