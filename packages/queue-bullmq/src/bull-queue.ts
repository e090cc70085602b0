import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { type BullQueueConfig, type JobQueue, type Logger, type QueueSnapshot, type RunEvents, type RunRecord, type RunStore, type WorkerSeen, wrapError } from '@atelier/core';
import { isFinal, type FinishedRuns } from '@atelier/core/adapter';
import type { BullJobData, BullJobProgress, BullJobResult, WorkerHeartbeat } from './bull-job.js';
import type { BullRunSink } from './bull-run-sink.js';
import { bullQueueName, capabilityQueues, coordinationKeys, queueForRun, type CapabilityQueue } from './queue-names.js';
import { redisConnection } from './redis-connection.js';

export interface BullJobQueueDeps {
  config: BullQueueConfig;
  runs: RunStore;
  events: RunEvents;
  sink: BullRunSink;
  finished: FinishedRuns;
  logger: Logger;
  /** The job data of a queued run: its task and every record it reads (throws when it is no longer valid). */
  jobData(run: RunRecord): BullJobData;
}

/** Heartbeats older than this many intervals are workers gone. */
const missedHeartbeats = 3;

/**
 * The JobQueue on BullMQ: runs stay rows in SQLite (this process is their only writer) and become
 * jobs (`jobId` = run id) on the queue of their capability, worked by `atelier worker` processes
 * anywhere. One QueueEvents listener per queue records what workers report; it resumes from the last
 * event id it handled, and `start` first reconciles runs left unfinished from the jobs' state.
 */
export class BullJobQueue implements JobQueue {
  private readonly commands: Redis;
  private readonly queues: Map<CapabilityQueue, Queue<BullJobData, BullJobResult>>;
  private readonly listeners: { events: QueueEvents; connection: Redis }[] = [];
  private starting: Promise<void> | null = null;
  private stopped = false;
  /** `resumeQueued: false` (the CLI beside a server): only runs enqueued here are this instance's to record. */
  private own: Set<string> | null = null;

  constructor(private readonly deps: BullJobQueueDeps) {
    this.commands = redisConnection(deps.config.url, 'commands');
    this.commands.on('error', (error) => deps.logger.warn({ err: error.message }, 'redis connection error'));
    this.queues = new Map(capabilityQueues.map((name) => [name, new Queue<BullJobData, BullJobResult>(bullQueueName(name), { connection: this.commands })]));
  }

  start(options: { resumeQueued?: boolean } = {}): void {
    if (options.resumeQueued === false) this.own ??= new Set();
    this.starting ??= this.listen(options.resumeQueued !== false).catch((error) => this.deps.logger.error({ err: (error as Error).message }, 'queue failed to start'));
  }

  /** Resolves once every listener reads events and reconcile is done. */
  ready(): Promise<void> {
    return this.starting ?? Promise.resolve();
  }

  enqueue(runId: string): void {
    this.own?.add(runId);
    // Listeners first, so no event of the job can pass before someone listens.
    void this.ready().then(() => this.add(runId));
  }

  cancel(runId: string): boolean {
    const run = this.deps.runs.get(runId);
    if (!run || isFinal(run)) return false;
    void this.cancelJob(run).catch((error) => this.deps.logger.error({ runId, err: (error as Error).message }, 'cancel failed'));
    return true;
  }

  wait(runId: string): Promise<RunRecord> {
    return this.deps.finished.wait(runId);
  }

  /** Stops listening. Runs on workers go on; a later start reconciles them. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await Promise.all(this.listeners.map(({ events }) => events.close()));
    for (const { connection } of this.listeners) connection.disconnect();
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await this.commands.quit().catch(() => {});
  }

  async inspect(): Promise<QueueSnapshot> {
    const queues = await Promise.all(
      [...this.queues].map(async ([name, queue]) => {
        const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
        return { name, waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0), active: counts.active ?? 0, delayed: counts.delayed ?? 0 };
      }),
    );
    const oldest = Date.now() - missedHeartbeats * this.deps.config.heartbeatMs;
    const workers = Object.values(await this.commands.hgetall(coordinationKeys.workers))
      .map((raw) => JSON.parse(raw) as WorkerHeartbeat)
      .filter((worker) => Date.parse(worker.lastHeartbeat) >= oldest)
      .map(({ queues: capabilities, ...worker }): WorkerSeen => ({ ...worker, capabilities }));
    return { queues, workers };
  }

  private queueOf(run: RunRecord): Queue<BullJobData, BullJobResult> {
    return this.queues.get(queueForRun(run, this.deps.config.engines))!;
  }

  private async add(runId: string): Promise<void> {
    const run = this.deps.runs.get(runId);
    if (run?.status !== 'queued') return;
    let data: BullJobData;
    try {
      data = this.deps.jobData(run);
    } catch (error) {
      return this.deps.sink.failed(runId, JSON.stringify(wrapError(error, 'INTERNAL', 'Cannot plan the run').toJSON()));
    }
    const keep = { age: this.deps.config.keepFinishedSeconds };
    const queue = this.queueOf(run);
    try {
      // A retried run reuses its id: its finished job and an old cancel must not stand in the way.
      const previous = await queue.getJob(runId);
      if (previous && ['completed', 'failed'].includes(await previous.getState())) await previous.remove();
      await this.commands.del(coordinationKeys.canceled(runId));
      await queue.add(run.kind, data, { jobId: runId, attempts: 1, removeOnComplete: keep, removeOnFail: keep });
    } catch (error) {
      // The run stays queued in SQLite; the next start's reconcile enqueues it again.
      this.deps.logger.error({ runId, err: (error as Error).message }, 'cannot enqueue the run');
    }
  }

  private async cancelJob(run: RunRecord): Promise<void> {
    // The key first, then the broadcast: a worker starting the job now either sees the key or gets the message.
    await this.commands.set(coordinationKeys.canceled(run.id), '1', 'EX', this.deps.config.keepFinishedSeconds);
    await this.commands.publish(coordinationKeys.cancelChannel, run.id);
    const job = await this.queueOf(run).getJob(run.id);
    // A waiting job is removed and never starts; an active one is locked and fails CANCELED on its worker.
    const removed = !job || (await job.remove().then(() => true, () => false));
    if (removed && this.deps.runs.get(run.id)?.status === 'queued') {
      this.deps.sink.failed(run.id, JSON.stringify({ code: 'CANCELED', message: 'Canceled before it started', details: {} }));
    }
  }

  private async listen(resumeQueued: boolean): Promise<void> {
    for (const [name] of this.queues) {
      if (this.stopped) return;
      const lastEventKey = coordinationKeys.lastEventId(name);
      // Only the API resumes the stream (and remembers where it is); the CLI listens from now on.
      const lastEventId = (this.own ? null : await this.commands.get(lastEventKey)) ?? '$';
      const connection = redisConnection(this.deps.config.url, 'blocking');
      const listener = new QueueEvents(bullQueueName(name), { connection, lastEventId });
      const handled = (id: string) => void (this.own ? null : this.commands.set(lastEventKey, id).catch(() => {}));
      const { sink, logger } = this.deps;
      const guard = (what: string, handle: () => void) => {
        try {
          handle();
        } catch (error) {
          logger.error({ queue: name, event: what, err: (error as Error).message }, 'cannot record a queue event');
        }
      };
      const mine = (jobId: string) => !this.own || this.own.has(jobId);
      listener.on('progress', ({ jobId, data }, id) => (mine(jobId) && guard('progress', () => sink.progress(jobId, data as BullJobProgress)), handled(id)));
      listener.on('completed', ({ jobId, returnvalue }, id) => (mine(jobId) && guard('completed', () => sink.completed(jobId, parse<BullJobResult>(returnvalue))), handled(id)));
      listener.on('failed', ({ jobId, failedReason }, id) => (mine(jobId) && guard('failed', () => sink.failed(jobId, failedReason)), handled(id)));
      listener.on('error', (error) => logger.warn({ queue: name, err: error.message }, 'queue events error'));
      this.listeners.push({ events: listener, connection });
      await listener.waitUntilReady();
    }
    // After the listeners start: what reconcile enqueues is heard; what both see is recorded once (the sink is idempotent).
    if (resumeQueued && !this.stopped) await this.reconcile();
  }

  /** Runs this process left unfinished take their state from their jobs; queued runs without one are enqueued. */
  private async reconcile(): Promise<void> {
    const { runs, sink } = this.deps;
    const unfinished = runs.list({ status: ['queued', 'running'] }, { first: 100_000 }).runs.reverse();
    for (const run of unfinished) {
      const job = await this.queueOf(run).getJob(run.id);
      if (!job) {
        if (run.status === 'queued') await this.add(run.id);
        else sink.lost(run.id);
        continue;
      }
      const state = await job.getState();
      if (state === 'completed') sink.completed(run.id, parse<BullJobResult>(job.returnvalue));
      else if (state === 'failed') sink.failed(run.id, job.failedReason);
    }
  }
}

/** QueueEvents hands over return values deserialized in some paths and as JSON text in others. */
function parse<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
