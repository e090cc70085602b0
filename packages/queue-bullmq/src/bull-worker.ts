import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { AtelierError, type BullQueueConfig, canceledError, homePaths, type Logger, wrapError } from '@atelier/core';
import { JobChild, type QueueWorker, type RemoteArtifactFiles, type RunReport, type WorkerSettings } from '@atelier/core/adapter';
import { isDurable, type BullJobData, type BullJobProgress, type BullJobResult, type DurableReport, type WorkerHeartbeat } from './bull-job.js';
import { bullQueueName, coordinationKeys, type CapabilityQueue } from './queue-names.js';
import { redisConnection } from './redis-connection.js';
import { recordLookup } from './task-records.js';

export interface BullWorkerOptions {
  config: BullQueueConfig;
  queues: CapabilityQueue[];
  /** Jobs at once per queue, each in its own child process. */
  concurrency: number;
  settings: WorkerSettings;
  cancelGraceMs: number;
  logger: Logger;
  /** With a remote artifact store: artifact files are uploaded before their report leaves. */
  artifactFiles?: RemoteArtifactFiles | null;
  spawn?: () => ChildProcess;
}

/**
 * `atelier worker`: BullMQ workers on the capability queues whose processor runs each job in a fresh
 * forked worker process (the same protocol as local workers) and relays its reports as job progress.
 * This process only moves messages, so its event loop stays free to renew job locks however long a
 * step computes. It never opens the database: the records a job reads travel in its data.
 */
export class BullWorkerHost implements QueueWorker {
  readonly id = `${os.hostname()}:${process.pid}`;
  private readonly workers: Worker<BullJobData, BullJobResult>[] = [];
  private readonly currentRuns = new Set<string>();
  private readonly startedAt = new Date().toISOString();
  private spare: Promise<JobChild> | null;
  private heartbeat: NodeJS.Timeout | undefined;
  private closing = false;

  private constructor(
    private readonly options: BullWorkerOptions,
    private readonly commands: Redis,
    private readonly subscriber: Redis,
    private readonly probe: JobChild,
  ) {
    this.spare = Promise.resolve(probe);
  }

  /**
   * Starts a first child (it tells the engine, and takes the first job), refuses GPU queues on an
   * engine without a GPU, then starts taking jobs.
   */
  static async start(options: BullWorkerOptions): Promise<BullWorkerHost> {
    // A worker on its own machine has a home of its own for the files it writes (never a database).
    const paths = homePaths(options.settings.home);
    for (const dir of [paths.artifacts, paths.checkpoints, paths.datasets, paths.tmp]) fs.mkdirSync(dir, { recursive: true });
    const probe = await JobChild.start({ settings: options.settings, cancelGraceMs: options.cancelGraceMs, logger: options.logger, spawn: options.spawn });
    const gpuQueues = options.queues.filter((queue) => queue.endsWith(':gpu'));
    if (gpuQueues.length > 0 && probe.engine.backend !== 'tensorflow-gpu') {
      await probe.stop();
      throw new AtelierError('ENGINE_UNAVAILABLE', `${gpuQueues.join(', ')} need the tensorflow-gpu engine; this worker runs on ${probe.engine.backend}`, {
        path: 'queues',
        backend: probe.engine.backend,
      });
    }
    const commands = redisConnection(options.config.url, 'blocking');
    const host = new BullWorkerHost(options, commands, commands.duplicate(), probe);
    await host.listen();
    return host;
  }

  get engine(): JobChild['engine'] {
    return this.probe.engine;
  }

  get queues(): readonly CapabilityQueue[] {
    return this.options.queues;
  }

  private async listen(): Promise<void> {
    const { config, queues, concurrency, logger } = this.options;
    // A cancel is broadcast; only the worker holding the job has it to cancel.
    await this.subscriber.subscribe(coordinationKeys.cancelChannel);
    this.subscriber.on('message', (_channel, runId: string) => {
      for (const worker of this.workers) worker.cancelJob(runId, 'canceled');
    });
    for (const queue of queues) {
      const worker = new Worker<BullJobData, BullJobResult>(bullQueueName(queue), (job, _token, signal) => this.process(job, signal!), {
        connection: this.commands,
        concurrency,
        name: this.id,
        lockDuration: config.lockDurationMs,
        stalledInterval: config.stalledIntervalMs,
        maxStalledCount: 1,
      });
      worker.on('error', (error) => logger.error({ queue, err: error.message }, 'queue worker error'));
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
    await this.beat();
    this.heartbeat = setInterval(() => void this.beat().catch((error) => logger.warn({ err: error.message }, 'heartbeat failed')), config.heartbeatMs);
  }

  private async process(job: Job<BullJobData, BullJobResult>, signal: AbortSignal): Promise<BullJobResult> {
    const runId = job.id!;
    this.currentRuns.add(runId);
    try {
      // The cancel key is set before the cancel is published: a cancel racing this start still wins.
      if (await this.commands.exists(coordinationKeys.canceled(runId))) throw canceledError('Run');
      await this.fetchCheckpoints(job.data);
      const child = await this.takeChild();
      let progress = Promise.resolve();
      let relayFailure: unknown = null;
      const relay = (message: BullJobProgress) => {
        progress = progress
          .then(async () => {
            if (message.type === 'report') await this.upload(message.report);
            await job.updateProgress(message);
          })
          .catch((error) => {
            relayFailure ??= error;
            this.options.logger.warn({ runId, err: error.message }, 'progress not relayed');
          });
      };
      relay({ type: 'started', worker: this.id, engine: child.engine });
      const reports: DurableReport[] = [];
      try {
        const result = await child.run({
          task: job.data.task,
          lookup: recordLookup(job.data.records),
          signal,
          onReport: (report) => {
            if (isDurable(report)) reports.push(report);
            relay({ type: 'report', report });
          },
        });
        await progress;
        // A report that did not reach the API (or its file the bucket) fails the run rather than leave a gap.
        if (relayFailure) throw relayFailure;
        return { worker: this.id, engine: child.engine, result, reports };
      } finally {
        await progress;
      }
    } catch (error) {
      // Failures are final (a canceled run above all); only a stalled job, whose worker died, runs again.
      throw new UnrecoverableError(JSON.stringify(wrapError(error, 'INTERNAL', 'Run failed').toJSON()));
    } finally {
      this.currentRuns.delete(runId);
    }
  }

  /** With a bucket: what a report names goes there before the report leaves. */
  private async upload(report: RunReport): Promise<void> {
    const files = this.options.artifactFiles;
    const { home } = this.options.settings;
    if (!files) return;
    if (report.type === 'artifact') {
      await files.upload(home, report.artifact.path, report.artifact.mime);
      // The bucket holds it now; the worker's home was only a scratch copy.
      fs.rmSync(path.join(home, report.artifact.path), { force: true });
    }
    // Checkpoints stay in the home too: a cache for this worker's next runs.
    if (report.type === 'checkpoint') await files.uploadCheckpoint(home, report.checkpoint);
  }

  /** With a bucket: the checkpoints a job reads are fetched (once per worker home) before it starts. */
  private async fetchCheckpoints(data: BullJobData): Promise<void> {
    const files = this.options.artifactFiles;
    if (!files) return;
    const byId = new Map(Object.values(data.records.checkpoints).map((checkpoint) => [checkpoint.id, checkpoint]));
    for (const checkpoint of byId.values()) await files.fetchCheckpoint(this.options.settings.home, checkpoint);
  }

  /** The ready spare child, replaced by a fresh one starting in the background. */
  private takeChild(): Promise<JobChild> {
    const next = this.spare ?? this.startChild();
    this.spare = this.closing ? null : this.startChild();
    return next;
  }

  private startChild(): Promise<JobChild> {
    const { settings, cancelGraceMs, logger, spawn } = this.options;
    const child = JobChild.start({ settings, cancelGraceMs, logger, spawn });
    // A spare that fails to start fails the job that takes it, not the process.
    child.catch(() => {});
    return child;
  }

  private async beat(): Promise<void> {
    const heartbeat: WorkerHeartbeat = {
      id: this.id,
      host: os.hostname(),
      pid: process.pid,
      engine: this.engine,
      queues: this.options.queues,
      concurrency: this.options.concurrency,
      currentRuns: [...this.currentRuns],
      startedAt: this.startedAt,
      lastHeartbeat: new Date().toISOString(),
    };
    await this.commands.hset(coordinationKeys.workers, this.id, JSON.stringify(heartbeat));
  }

  /** Drains: takes no new jobs, waits for running ones, cancels those still running after `deadlineMs`. */
  async close(deadlineMs: number): Promise<void> {
    this.closing = true;
    const cancelAll = setTimeout(() => {
      for (const worker of this.workers) worker.cancelAllJobs('draining');
    }, deadlineMs);
    await Promise.all(this.workers.map((worker) => worker.close()));
    clearTimeout(cancelAll);
    clearInterval(this.heartbeat);
    const spare = this.spare;
    this.spare = null;
    await spare?.then((child) => child.stop(), () => {});
    await this.commands.hdel(coordinationKeys.workers, this.id).catch(() => {});
    this.subscriber.disconnect();
    this.options.artifactFiles?.close();
    await this.commands.quit().catch(() => {});
  }
}
