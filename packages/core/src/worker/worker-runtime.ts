import fs from 'node:fs';
import path from 'node:path';
import { imagePlugin } from '../builtins/index.js';
import { DatasetReader } from '../datasets/dataset-reader.js';
import { inProcessDecoder } from '../datasets/decode-images.js';
import { initEngine, type Engine } from '../engine/engine.js';
import { AtelierError, type CheckpointRecord, type DatasetRecord, type Logger, wrapError } from '@atelier/plugin-api';
import { InputFiles } from '../inputs/input-files.js';
import { executeTraining } from '../training/training-job.js';
import { CheckpointCache } from '../pipeline/checkpoint-cache.js';
import { executePipeline, type RunServices } from '../pipeline/execute.js';
import type { ExecutableStep } from '../pipeline/cached-steps.js';
import { sharedRank, type RoundFiles, type SharedRank } from '../parallel/shared-rounds.js';
import { loadPlugins } from '../plugins/loader.js';
import { PluginRegistry } from '../plugins/registry.js';
import { writeArtifactFile } from '../store/artifact-files.js';
import { loadCheckpointModels, saveCheckpointFiles } from '../store/checkpoint-files.js';
import { homePaths } from '../store/home-paths.js';
import { readStepOutput, stepCachePath, writeStepOutput } from '../store/step-cache-files.js';
import type { ArtifactRecord, HomePaths } from '../contracts/records.js';
import { protocolVersion, taskId, type DecodeJob, type ParentMessage, type ResourceRequest, type UnversionedWorkerMessage, type WorkerSettings, type WorkerTask } from '../run/protocol.js';
import type { RunReporter, RunResources, StepCachePort } from '../contracts/run-ports.js';

function decode(job: DecodeJob): Promise<Record<string, unknown>> {
  if (job.source === 'folder') return inProcessDecoder.folder(job.job);
  // Structured clone delivers uploaded bytes as plain Uint8Arrays; the codec takes Buffers.
  const inputs = job.job.inputs.map((item) => ({ ...item, input: typeof item.input === 'string' ? item.input : Buffer.from(item.input) }));
  return inProcessDecoder.images({ ...job.job, inputs });
}

/** How a worker talks to its parent: an IPC channel for a forked child (or any message pipe). */
export interface WorkerChannel {
  send(message: UnversionedWorkerMessage): void;
  onMessage(listener: (message: ParentMessage) => void): void;
}

/** Errors after which the WASM/native engine may be corrupt: the worker reports them and exits. */
const engineFault = /memory access out of bounds|out of memory|Aborted\(|XNNPACK|unreachable|RuntimeError/i;

/**
 * The worker side of the protocol: loads the engine and plugins once, then runs one task at a time
 * on them. It never opens the database: records come from the parent on request, and every file it
 * writes is renamed into place before it is reported.
 */
export class WorkerRuntime {
  private engine!: Engine;
  private registry!: PluginRegistry;
  private checkpoints!: CheckpointCache;
  private inputs!: InputFiles;
  private reader!: DatasetReader;
  private paths!: HomePaths;
  private settings!: WorkerSettings;
  private current: { runId: string; controller: AbortController } | null = null;
  private nextRequestId = 1;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  /** The open `ctx.allReduce` round of a data-parallel rank, answered by a `reduced` message. */
  private reduction: { round: number; resolve(counts: number[]): void } | null = null;

  constructor(private readonly channel: WorkerChannel) {
    channel.onMessage((message) => void this.handle(message));
  }

  private async handle(message: ParentMessage): Promise<void> {
    if (message.v !== protocolVersion) {
      this.log('error', { got: message.v, speaks: protocolVersion }, 'protocol version mismatch');
      process.exit(2);
    }
    switch (message.type) {
      case 'init':
        return this.init(message.settings);
      case 'run':
        return this.run(message.task);
      case 'run-rank':
        return this.run(message.task, this.rank(message.task.run.id, message.rank, message.files));
      case 'reduced':
        if (this.reduction?.round === message.round) this.reduction.resolve(message.counts);
        return;
      case 'cancel':
        if (this.current?.runId === message.runId) this.current.controller.abort();
        return;
      case 'reply': {
        const waiter = this.waiting.get(message.requestId);
        this.waiting.delete(message.requestId);
        if (message.error) waiter?.reject(new AtelierError(message.error.code as AtelierError['code'], message.error.message, message.error.details));
        else waiter?.resolve(message.value);
        return;
      }
    }
  }

  private async init(settings: WorkerSettings): Promise<void> {
    this.settings = settings;
    this.paths = homePaths(settings.home);
    this.engine = await initEngine(settings.backend);
    this.registry = new PluginRegistry();
    this.registry.register(imagePlugin);
    await loadPlugins(this.registry, settings.plugins);
    this.reader = new DatasetReader(this.paths);
    this.inputs = new InputFiles({ inputRoots: settings.inputRoots, limits: { maxInputFileBytes: settings.maxInputFileBytes } });
    this.checkpoints = new CheckpointCache({
      tf: this.engine.tf,
      registry: this.registry,
      resources: this.resources(() => this.current?.runId ?? ''),
      capacity: settings.checkpointCacheSize,
    });
    const pluginFailures = this.registry.failures.map((failure) => ({ name: failure.name, message: failure.error.message }));
    this.channel.send({ type: 'ready', engine: this.engine.report(), pluginFailures });
  }

  private async run(task: WorkerTask, parallel?: SharedRank): Promise<void> {
    const runId = taskId(task);
    const controller = new AbortController();
    this.current = { runId, controller };
    const services: RunServices = {
      engine: this.engine,
      registry: this.registry,
      limits: this.settings.limits,
      logger: this.logger(runId),
      reporter: this.reporter(runId),
      resources: this.resources(() => runId),
      checkpoints: this.checkpoints,
      inputs: this.inputs,
      stepCache: this.stepCache(runId),
    };
    try {
      const result =
        task.kind === 'training'
          ? await executeTraining(task.run, task.spec, services, controller.signal, parallel)
          : task.kind === 'decode'
            ? await decode(task.decode)
            : await executePipeline(task.run, this.plan(task.steps), services, controller.signal);
      this.channel.send({ type: 'done', runId, result, tensors: this.engine.tf.memory().numTensors });
    } catch (error) {
      const failure = wrapError(error, 'INTERNAL', 'Run failed');
      const fatal = error instanceof WebAssembly.RuntimeError || engineFault.test(failure.message);
      this.channel.send({ type: 'failed', runId, error: failure.toJSON(), fatal, tensors: this.engine.tf.memory().numTensors });
      // The parent replaces this worker; a possibly corrupt engine never takes another run.
      if (fatal) setImmediate(() => process.exit(3));
    } finally {
      this.current = null;
      this.reduction = null;
      parallel?.close();
    }
  }

  private rank(runId: string, rank: number, files: RoundFiles) {
    return sharedRank(files, rank, (round, count, length) =>
      new Promise<number[]>((resolve) => {
        this.reduction = { round, resolve };
        this.channel.send({ type: 'reduce', runId, round, count, length });
      }),
    );
  }

  private plan(steps: Extract<WorkerTask, { kind: 'pipeline' }>['steps']): ExecutableStep[] {
    return steps.map((message) => {
      const { step } = message;
      const component = this.registry.editor(step.use) ?? this.registry.preprocessor(step.use);
      if (!component) throw new AtelierError('PLUGIN_INVALID', `This worker has no component "${step.use}"`, { step: step.id, path: 'use' });
      return { ...message, component };
    });
  }

  /** Step outputs under `cache/`: read from there, written there and then reported for the API process to index. */
  private stepCache(runId: string): StepCachePort {
    const { channel, paths } = this;
    return {
      has: (entry) => fs.existsSync(path.join(paths.home, stepCachePath(entry.signature))),
      load: (entry) => readStepOutput(paths, entry.path),
      store(entry, output) {
        const written = writeStepOutput(paths, entry.signature, output);
        channel.send({ type: 'cache-entry', runId, entry: { ...entry, ...written } });
      },
    };
  }

  private reporter(runId: string): RunReporter {
    const { channel, paths } = this;
    return {
      stepStarted: (stepId) => channel.send({ type: 'step-started', runId, stepId }),
      stepProgress: (stepId, progress) => channel.send({ type: 'step-progress', runId, stepId, progress }),
      stepFinished: (stepId, outcome) => channel.send({ type: 'step-finished', runId, stepId, outcome }),
      training: (progress) => channel.send({ type: 'training', runId, progress }),
      result: (patch) => channel.send({ type: 'result', runId, patch }),
      async artifact(input) {
        const artifact = writeArtifactFile(paths, { ...input, runId }, new Date());
        channel.send({ type: 'artifact', runId, artifact });
        return artifact;
      },
      async checkpoint(input) {
        const checkpoint = await saveCheckpointFiles(paths, { ...input, runId }, new Date());
        channel.send({ type: 'checkpoint', runId, checkpoint });
        return checkpoint;
      },
    };
  }

  private resources(runId: () => string): RunResources {
    return {
      checkpoint: (ref) => this.request(runId(), { resource: 'checkpoint', ref }) as Promise<CheckpointRecord>,
      dataset: (name) => this.request(runId(), { resource: 'dataset', name }) as Promise<DatasetRecord>,
      loadModels: (record) => loadCheckpointModels(this.paths, record),
      loadImages: (record, selection) => this.reader.load(record, selection),
      artifact: async (id) => {
        const record = (await this.request(runId(), { resource: 'artifact', id })) as ArtifactRecord;
        return fs.promises.readFile(path.join(this.paths.home, record.path));
      },
    };
  }

  private request(runId: string, request: ResourceRequest): Promise<unknown> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(requestId, { resolve, reject });
      this.channel.send({ type: 'request', runId, requestId, request });
    });
  }

  private logger(runId: string): Logger {
    const at = (level: 'debug' | 'info' | 'warn' | 'error') => (obj: object | string, msg?: string) =>
      typeof obj === 'string' ? this.log(level, { runId }, obj) : this.log(level, { runId, ...obj }, msg ?? '');
    return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', fields: Record<string, unknown>, message: string): void {
    this.channel.send({ type: 'log', level, fields, message });
  }
}
