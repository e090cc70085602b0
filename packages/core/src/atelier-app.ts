import { isAbsolute } from 'node:path';
import type { DependencyContainer } from 'tsyringe';
import type { Adapters } from './adapters/load-adapters.js';
import type { Atelier, DatasetImport, TrainingRequest } from './atelier.js';
import type { AtelierConfig } from './config/config.js';
import type { Engine } from './engine/engine.js';
import { AtelierError, type CheckpointRecord, type DatasetRecord, type Logger, PipelineInvalidError, type PipelineIssue, randomSeed } from '@atelier/plugin-api';
import type { InputFileAccess } from './contracts/input-files.js';
import { decodeUploads, type EncodedImage } from './datasets/decode-uploads.js';
import { EmbeddedJobQueue } from './jobs/embedded-queue.js';
import { finalRunStatuses } from './jobs/finished-runs.js';
import type { JobQueue } from './contracts/job-queue.js';
import { RunEvents } from './run/run-events.js';
import { ContactSheets } from './contact-sheets.js';
import { batchIssues, inputPathIssues, pipelineRun } from './queued-runs.js';
import { planTraining, type TrainingSpec } from './training/training-request.js';
import { readProvenance, rerunSpec, type ImageProvenance } from './pipeline/provenance.js';
import { planTaskSteps } from './pipeline/step-cache-plan.js';
import type { SignatureSources } from './pipeline/step-signature.js';
import { expandSweep, type Sweep } from './pipeline/sweep.js';
import { assertSweepBudget } from './pipeline/sweep-budget.js';
import type { PipelineSpec } from './pipeline/spec.js';
import type { StepShape } from './pipeline/step-shapes.js';
import { parsePipelineSpec, validatePipeline, type ValidationDeps } from './pipeline/validate.js';
import { PluginRegistry } from './plugins/registry.js';
import { hashCheckpointFiles } from './store/checkpoint-hash.js';
import { HomeBudget } from './store/home-budget.js';
import type {
  ArtifactStore,
  BatchRecord,
  BatchStore,
  CheckpointStore,
  DatasetStore,
  HomePaths,
  PipelineRecord,
  PipelineStore,
  RunRecord,
  RunStore,
} from './contracts/records.js';
import { assertRecordName } from './store/record-name.js';
import { runNotFound } from './store/run-not-found.js';
import type { StepCache } from './contracts/step-cache.js';
import { asInjectionToken as t, Tokens } from './contracts/tokens.js';
import type { WorkerTask } from './run/protocol.js';
import { RunRecorder } from './run/run-recorder.js';
import { defaultWorkerCount } from './worker/worker-count.js';
import { WorkerPool } from './worker/worker-pool.js';
import { runLimits, workerSettings } from './run/worker-settings.js';

/**
 * The composed application behind `createAtelier`: validates and records in this process, runs in the
 * worker pool (or on a queue adapter's workers), and hosts the use cases the CLI and the server share.
 */
export class AtelierApp implements Atelier {
  readonly runs: RunStore;
  readonly artifacts: ArtifactStore;
  readonly checkpoints: CheckpointStore;
  readonly datasets: DatasetStore;
  readonly pipelines: PipelineStore;
  readonly batches: BatchStore;
  readonly events = new RunEvents();
  readonly queue: JobQueue;
  readonly pool: WorkerPool;
  readonly artifactFiles: Adapters['artifactFiles'];
  private readonly inputFiles: InputFileAccess;
  private readonly stepCache: StepCache;
  private readonly homeBudget: HomeBudget;
  private readonly contactSheets: ContactSheets;
  private readonly lookups: ValidationDeps;
  private readonly signatureSources: SignatureSources;

  constructor(
    private readonly container: DependencyContainer,
    readonly config: AtelierConfig,
    readonly engine: Engine,
    readonly registry: PluginRegistry,
    readonly logger: Logger,
    pluginFiles: string[],
    adapters: Adapters,
  ) {
    this.artifactFiles = adapters.artifactFiles;
    this.runs = container.resolve(t(Tokens.RunStore));
    this.artifacts = container.resolve(t(Tokens.ArtifactStore));
    this.checkpoints = container.resolve(t(Tokens.CheckpointStore));
    this.datasets = container.resolve(t(Tokens.DatasetStore));
    this.pipelines = container.resolve(t(Tokens.PipelineStore));
    this.inputFiles = container.resolve(t(Tokens.InputFiles));
    this.stepCache = container.resolve(t(Tokens.StepCache));
    this.batches = container.resolve(t(Tokens.BatchStore));
    this.homeBudget = new HomeBudget(config.home, config.limits.maxHomeBytes);
    this.signatureSources = this.signatureSourcesOf(container.resolve(t(Tokens.Database)).paths);
    this.lookups = { registry, checkpoints: this.checkpoints, datasets: this.datasets, limits: runLimits(config), maxSpecBytes: config.limits.maxSpecBytes };
    const workers = config.workers ?? defaultWorkerCount(engine.report());
    const recorder = new RunRecorder({
      runs: this.runs,
      artifacts: this.artifacts,
      checkpoints: this.checkpoints,
      events: this.events,
      stepCache: { record: (entry) => this.stepCache.record(entry, config.stepCacheBytes) },
    });
    this.pool = new WorkerPool({
      size: workers,
      // Workers run on the backend this process selected, so every run reports the same engine.
      settings: workerSettings(config, engine.report().backend, pluginFiles),
      cancelGraceMs: config.cancelGraceMs,
      recorder,
      lookup: {
        checkpoint: (ref) => this.checkpoints.resolve(ref),
        dataset: (name) => this.datasets.resolve(name),
        artifact: (id) => {
          const artifact = this.artifacts.get(id);
          if (!artifact) throw new AtelierError('NOT_FOUND', `No artifact "${id}"`, { path: 'ids', value: id });
          return artifact;
        },
      },
      logger,
    });
    this.queue =
      config.queue.kind !== 'embedded' && adapters.queue
        ? adapters.queue.createQueue(config.queue, {
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
            hasFreeWorker: () => this.pool.hasFreeWorker(),
            execute: (run, signal) => this.execute(run, signal),
          });
    container.register(t(Tokens.JobQueue), { useValue: this.queue });
    this.contactSheets = new ContactSheets({
      runs: this.runs,
      batches: this.batches,
      artifacts: this.artifacts,
      queue: this.queue,
      logger,
      queuePipeline: (spec) => this.queuePipeline(spec),
    });
    this.events.subscribe('*', (event) => {
      if (event.type === 'status' && finalRunStatuses.has(event.status)) this.contactSheets.runFinished(event.runId);
    });
  }

  contactSheet(batchId: string): Promise<RunRecord | null> {
    return this.contactSheets.of(batchId);
  }

  run(id: string): RunRecord {
    const run = this.runs.get(id);
    if (!run) throw runNotFound(id);
    return run;
  }

  async validatePipeline(spec: unknown): Promise<PipelineIssue[]> {
    return validatePipeline(spec, this.lookups).issues;
  }

  async checkPipeline(spec: unknown): Promise<{ issues: PipelineIssue[]; steps: StepShape[] }> {
    const { issues, steps } = validatePipeline(spec, this.lookups);
    return { issues, steps };
  }

  async submitPipeline(raw: unknown, options: { seed?: number } = {}): Promise<RunRecord> {
    await this.homeBudget.assertRoomForRun();
    return this.queuePipeline(raw, options);
  }

  /** submitPipeline without the home's budget: a contact sheet finishes a batch the budget already admitted. */
  private async queuePipeline(raw: unknown, options: { seed?: number } = {}): Promise<RunRecord> {
    const { issues, plan } = validatePipeline(raw, this.lookups);
    if (!plan) throw new PipelineInvalidError(issues);
    const outside = await inputPathIssues(this.inputFiles, plan.steps);
    if (outside.length > 0) throw new PipelineInvalidError(outside);
    const run = this.runs.create(pipelineRun(plan.spec, options.seed ?? plan.spec.seed ?? randomSeed()));
    this.queue.enqueue(run.id);
    return run;
  }

  async submitBatch(raw: unknown, sweep: Sweep, options: { name?: string } = {}): Promise<{ batch: BatchRecord; runs: RunRecord[] }> {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new AtelierError('BAD_USER_INPUT', 'A batch needs a pipeline spec object', { path: 'spec' });
    // The base spec is cloned once per run below: its size and shape, and the sweep's, are checked first.
    const base = parsePipelineSpec(raw, this.config.limits.maxSpecBytes);
    if ('issues' in base) throw new PipelineInvalidError(base.issues);
    assertSweepBudget(sweep, this.config.limits.maxSpecBytes);
    const variants = expandSweep(raw as Record<string, unknown>, sweep, this.config.limits.maxBatchRuns);
    await this.homeBudget.assertRoomForRun();
    const checked = variants.map((variant) => ({ variant, ...validatePipeline(variant.spec, this.lookups) }));
    const issues = batchIssues(checked);
    if (issues.length > 0) throw new PipelineInvalidError(issues);
    // Swept values may name files too; each distinct one is checked once.
    const outside = await inputPathIssues(this.inputFiles, checked.flatMap(({ plan }) => plan!.steps));
    if (outside.length > 0) throw new PipelineInvalidError(outside);
    // Runs that sweep parameters but not seeds share one seed, so their images differ only by the swept values.
    const sharedSeed = (raw as { seed?: number }).seed ?? randomSeed();
    const name = options.name ?? (raw as { name?: string }).name ?? null;
    const created = this.batches.create(
      { name, spec: raw as Record<string, unknown>, sweep: { ...sweep } },
      checked.map(({ variant, plan }) => pipelineRun(plan!.spec, variant.seed ?? sharedSeed)),
    );
    for (const run of created.runs) this.queue.enqueue(run.id);
    return created;
  }

  cancelBatch(id: string): BatchRecord {
    const batch = this.batches.get(id);
    if (!batch) throw new AtelierError('NOT_FOUND', `No batch "${id}"`, { path: 'id', value: id });
    const runs = this.batches.runsOf(id);
    // Queued ones first, so a running run that stops does not hand its worker to the next of the batch.
    for (const run of runs.filter((r) => r.status === 'queued')) this.queue.cancel(run.id);
    for (const run of runs.filter((r) => r.status === 'running')) this.queue.cancel(run.id);
    return batch;
  }

  async imageProvenance(image: EncodedImage['data']): Promise<ImageProvenance> {
    return readProvenance(decodeUploads([{ data: image }], this.config.limits)[0].data);
  }

  async submitFromImage(image: EncodedImage['data']): Promise<RunRecord> {
    const { spec, seed } = rerunSpec(await this.imageProvenance(image));
    return this.submitPipeline(spec, { seed });
  }

  async submitTraining(request: TrainingRequest): Promise<RunRecord> {
    if (typeof request.workers === 'number' && request.workers > this.pool.size) {
      throw new AtelierError('LIMIT_EXCEEDED', `workers: ${request.workers} is more than the ${this.pool.size} worker processes this server runs`, {
        path: 'workers',
        limit: this.pool.size,
      });
    }
    await this.homeBudget.assertRoomForRun();
    const spec = planTraining(request, this.lookups);
    const seed = spec.seed ?? randomSeed();
    const run = this.runs.create({ kind: 'training', name: spec.family, spec: { ...spec, seed }, seed });
    this.queue.enqueue(run.id);
    return run;
  }

  cancelRun(id: string): RunRecord {
    this.run(id);
    if (this.queue.cancel(id)) this.logger.info({ runId: id }, 'run cancel requested');
    return this.run(id);
  }

  async retryRun(id: string): Promise<RunRecord> {
    this.run(id);
    await this.homeBudget.assertRoomForRun();
    const run = this.runs.requeue(id);
    this.queue.enqueue(run.id);
    return run;
  }

  deleteRun(id: string): void {
    const run = this.run(id);
    if (run.status === 'queued' || run.status === 'running') {
      // The job would go on writing steps and artifacts of a run that no longer exists.
      throw new AtelierError('CONFLICT', `Run "${run.id}" is ${run.status}; cancel it before deleting it`, { path: 'id', status: run.status });
    }
    this.runs.delete(run.id);
  }

  deleteCheckpoint(ref: string): CheckpointRecord {
    return this.checkpoints.remove(ref);
  }

  async savePipeline(name: string, spec: unknown): Promise<PipelineRecord> {
    assertRecordName(name, 'A pipeline name');
    const issues = await this.validatePipeline(spec);
    if (issues.length > 0) throw new PipelineInvalidError(issues);
    // Validation passed, so the spec is an object; the saved name becomes the name of its runs.
    return this.pipelines.save(name, { ...(spec as Record<string, unknown>), name });
  }

  async importDataset(request: DatasetImport): Promise<DatasetRecord> {
    const { path: folder, ...options } = request;
    if (!folder || !isAbsolute(folder)) throw new AtelierError('BAD_USER_INPUT', 'A folder import needs an absolute path', { path: 'path' });
    return this.datasets.importFolder(folder, options);
  }

  async uploadImages(dataset: string, images: EncodedImage[]): Promise<DatasetRecord> {
    return this.datasets.importImages(dataset, decodeUploads(images, this.config.limits));
  }

  interruptRunning(): string[] {
    const interrupted = this.runs.interruptRunning({ ownToo: true });
    if (interrupted.length > 0) this.logger.warn({ runIds: interrupted }, 'runs interrupted by the shutdown');
    return interrupted;
  }

  private async execute(run: RunRecord, signal: AbortSignal): Promise<Record<string, unknown>> {
    if (run.kind !== 'training') return this.pool.run(this.task(run), signal);
    const spec = run.spec as TrainingSpec;
    if (this.registry.family(spec.family)?.dataParallel) {
      return this.pool.run(this.task(run), signal, { workers: spec.workers ?? (this.engine.report().native ? 1 : 'free') });
    }
    const result = await this.pool.run(this.task(run), signal);
    if ((spec.workers ?? 1) === 1) return result;
    const note = `${spec.family} trains on one worker: its training loop does not average gradients across workers (ctx.allReduce)`;
    this.logger.warn({ runId: run.id, family: spec.family, workers: spec.workers }, note);
    return { ...result, workersNote: note };
  }

  /** What a worker needs to run a queued run; pipelines are re-validated, as a checkpoint or data set may have gone. */
  private task(run: RunRecord, stores: Pick<ValidationDeps, 'checkpoints' | 'datasets'> = this.lookups): WorkerTask {
    if (run.kind === 'training') return { kind: 'training', run, spec: run.spec as TrainingSpec };
    const { issues, plan } = validatePipeline(run.spec as PipelineSpec, { ...this.lookups, ...stores });
    if (!plan) throw new PipelineInvalidError(issues);
    const cache = plan.spec.cache !== false && this.config.stepCacheBytes > 0;
    const steps = planTaskSteps(plan.steps, { seed: run.seed, cache }, this.signatureSources, (signature) => this.stepCache.lookup(signature));
    return { kind: 'pipeline', run, steps };
  }

  /** What step signatures are made of; checkpoint files never change once written, so their digests are kept. */
  private signatureSourcesOf(paths: HomePaths): SignatureSources {
    const hashes = new Map<string, string>();
    return {
      pluginOf: (id) => {
        const name = this.registry.pluginOf(id);
        return `${name}@${this.registry.plugins.find((plugin) => plugin.name === name)?.version ?? '?'}`;
      },
      checkpoint: (ref) => this.checkpoints.find(ref),
      checkpointHash: (record) => {
        if (!hashes.has(record.id)) hashes.set(record.id, hashCheckpointFiles(paths, record));
        return hashes.get(record.id)!;
      },
      dataset: (name) => this.datasets.get(name),
      backend: this.engine.report().backend,
    };
  }

  async close(options: { cancelRunning?: boolean } = {}): Promise<void> {
    await this.queue.stop(options);
    await this.pool.close();
    this.artifactFiles?.close();
    this.container.resolve(t(Tokens.Database)).close();
    this.container.dispose();
  }
}
