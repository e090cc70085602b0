import type { ChildProcess } from 'node:child_process';
import { AtelierError, canceledError, type EngineReport, type Logger, wrapError } from '@atelier/plugin-api';
import { removeRoundFiles, roundFiles } from '../parallel/shared-rounds.js';
import { forkWorker } from './fork-worker.js';
import { answerRequest, type RecordLookup } from './record-lookup.js';
import { GradientExchange } from './gradient-exchange.js';
import { isProtocolMessage, protocolVersion, taskId, type ReduceMessage, type UnversionedParentMessage, type WorkerMessage, type WorkerSettings, type WorkerTask } from '../run/protocol.js';
import type { RunRecorder } from '../run/run-recorder.js';

export interface WorkerPoolOptions {
  size: number;
  settings: WorkerSettings;
  /** How long a canceled run may take to stop before its worker is killed. */
  cancelGraceMs: number;
  recorder: RunRecorder;
  /** Answers the records a worker asks for; only this process reads the database. */
  lookup: RecordLookup;
  logger: Logger;
  spawn?: () => ChildProcess;
}

interface Assignment {
  runId: string;
  canceling: boolean;
  /** A rank of a data-parallel run hands its `reduce` rounds to the run's exchange. */
  contribute?: (message: ReduceMessage) => void;
  resolve(result: Record<string, unknown>): void;
  reject(error: AtelierError): void;
}

class PooledWorker {
  readonly ready: Promise<EngineReport>;
  /** Settles with why the process ended; never rejects. */
  readonly exited: Promise<AtelierError>;
  /** Dead, dying or untrusted (an engine fault): never given another run. */
  retired = false;
  assignment: Assignment | null = null;
  tensors: number | null = null;
  private markReady!: (engine: EngineReport) => void;
  private markExited!: (reason: AtelierError) => void;

  constructor(
    readonly child: ChildProcess,
    /** Started beyond the pool's size for one task. */
    readonly extra = false,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.exited = new Promise((resolve) => (this.markExited = resolve));
  }

  started(engine: EngineReport): void {
    this.markReady(engine);
  }

  ended(reason: AtelierError): void {
    this.retired = true;
    this.markExited(reason);
  }

  send(message: UnversionedParentMessage): void {
    if (!this.retired && this.child.connected) this.child.send({ ...message, v: protocolVersion });
  }
}

/**
 * Forked worker processes that run pipelines and training off the API's event loop. Workers start
 * on demand (up to `size`), load the engine and plugins once and take one run at a time. A worker
 * that exits mid-run fails that run with WORKER_CRASHED; a canceled run that does not stop within
 * the grace period has its worker killed. Either way the next run gets a fresh worker.
 */
/** What clients of the facade see of the pool: its size and its live processes. */
export interface WorkerProcesses {
  /** How many workers a run may hold at once. */
  readonly size: number;
  pids(): number[];
  tensorCounts(): { pid: number; tensors: number | null }[];
}

export class WorkerPool implements WorkerProcesses {
  private readonly workers = new Set<PooledWorker>();
  private readonly reserved = new Set<PooledWorker>();
  private readonly waitingForWorker: { count: number | 'free'; take(workers: PooledWorker[]): void }[] = [];
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  pids(): number[] {
    return [...this.workers].filter((worker) => !worker.retired).map((worker) => worker.child.pid!);
  }

  tensorCounts(): { pid: number; tensors: number | null }[] {
    return [...this.workers].filter((worker) => !worker.retired).map((worker) => ({ pid: worker.child.pid!, tensors: worker.tensors }));
  }

  get size(): number {
    return this.options.size;
  }

  /**
   * Runs a task on a worker. `overflow` (short jobs such as import decoding) starts an extra worker
   * when all are busy instead of waiting; that worker stops after the task. A training task may run
   * on `workers` of them (data parallel; `free`: all that are free when its turn comes, at least one).
   */
  async run(task: WorkerTask, signal: AbortSignal, options: { overflow?: boolean; workers?: number | 'free' } = {}): Promise<Record<string, unknown>> {
    if (this.closed) throw new AtelierError('CANCELED', 'The worker pool is closed');
    const count = options.workers ?? 1;
    if (count !== 1 && task.kind === 'training') return this.runRanks(task, signal, await this.acquire(count));
    const worker = options.overflow ? this.acquireNow() : (await this.acquire(1))[0];
    return this.runOn(worker, task, signal);
  }

  private async runOn(worker: PooledWorker, task: WorkerTask, signal: AbortSignal): Promise<Record<string, unknown>> {
    const startFailure = await Promise.race([worker.ready.then(() => null), worker.exited]);
    if (startFailure || signal.aborted) {
      this.releaseSlot(worker);
      throw startFailure ?? canceledError();
    }
    return this.assign(worker, { type: 'run', task }, taskId(task), signal);
  }

  /** Sends a started worker its run and settles with how it ends; cancel = message, then kill after the grace period. */
  private assign(
    worker: PooledWorker,
    message: UnversionedParentMessage,
    runId: string,
    signal: AbortSignal,
    contribute?: Assignment['contribute'],
  ): Promise<Record<string, unknown>> {
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      let killTimer: NodeJS.Timeout | undefined;
      const finish = () => {
        clearTimeout(killTimer);
        signal.removeEventListener('abort', onAbort);
        worker.assignment = null;
        this.releaseSlot(worker);
      };
      const assignment: Assignment = {
        runId,
        canceling: false,
        contribute,
        resolve: (result) => (finish(), resolve(result)),
        reject: (error) => (finish(), reject(error)),
      };
      const onAbort = () => {
        assignment.canceling = true;
        worker.send({ type: 'cancel', runId });
        killTimer = setTimeout(() => worker.child.kill('SIGKILL'), this.options.cancelGraceMs);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      worker.assignment = assignment;
      worker.send(message);
    });
  }

  /** Stops every worker: its channel closes and it exits (killed when it does not in time). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      [...this.workers].map(async (worker) => {
        const timer = setTimeout(() => worker.child.kill('SIGKILL'), this.options.cancelGraceMs);
        if (worker.child.connected) worker.child.disconnect();
        await worker.exited;
        clearTimeout(timer);
      }),
    );
  }

  /**
   * One data-parallel training run on K workers: each trains rank r of K; their `reduce` rounds meet
   * in one exchange. A rank that fails or dies stops the others (canceled, killed after the grace
   * period) and its error is the run's; cancel stops all K. The result is the leader's, with K.
   */
  private async runRanks(task: Extract<WorkerTask, { kind: 'training' }>, signal: AbortSignal, workers: PooledWorker[]): Promise<Record<string, unknown>> {
    if (workers.length === 1) return this.runOn(workers[0], task, signal);
    const startFailures = await Promise.all(workers.map((worker) => Promise.race([worker.ready.then(() => null), worker.exited])));
    const startFailure = startFailures.find((failure) => failure !== null);
    if (startFailure || signal.aborted) {
      for (const worker of workers) this.releaseSlot(worker);
      throw startFailure ?? canceledError();
    }
    const runId = task.run.id;
    const files = roundFiles(runId, workers.length);
    const exchange = new GradientExchange(workers.length, (round, counts) => {
      for (const worker of workers) worker.send({ type: 'reduced', runId, round, counts });
    });
    const group = new AbortController();
    const onAbort = () => group.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    let failure: AtelierError | null = null;
    const ranks = workers.map((worker, rank) =>
      this.assign(worker, { type: 'run-rank', task, rank, files }, runId, group.signal, (message) =>
        exchange.contribute(rank, message.round, message),
      )
        .then((result) => (exchange.rankFinished(rank), result))
        .catch((error: AtelierError) => {
          if (!group.signal.aborted) {
            failure = error;
            group.abort();
          }
          throw error;
        }),
    );
    const settled = await Promise.allSettled(ranks);
    removeRoundFiles(files);
    signal.removeEventListener('abort', onAbort);
    if (signal.aborted) throw canceledError();
    if (failure) throw failure;
    const leader = settled[0] as PromiseFulfilledResult<Record<string, unknown>>;
    return { ...leader.value, workers: workers.length };
  }

  /** Whether a run handed over now would get a worker at once (none is waiting, one is idle or may start). */
  hasFreeWorker(): boolean {
    return this.waitingForWorker.length === 0 && this.freeWorkers().length > 0;
  }

  private acquire(count: number | 'free'): Promise<PooledWorker[]> {
    return new Promise((take) => {
      this.waitingForWorker.push({ count, take });
      this.serveWaiting();
    });
  }

  private acquireNow(): PooledWorker {
    const live = [...this.workers].filter((worker) => !worker.retired);
    const idle = live.find((candidate) => !this.reserved.has(candidate));
    const worker = idle ?? this.spawn(live.length >= this.options.size);
    this.reserved.add(worker);
    return worker;
  }

  /** Frees a worker's slot for the next run; an extra worker started for one task stops instead. */
  private releaseSlot(worker: PooledWorker): void {
    this.reserved.delete(worker);
    if (worker.extra && !worker.retired) {
      worker.retired = true;
      if (worker.child.connected) worker.child.disconnect();
    }
    this.serveWaiting();
  }

  /**
   * Hands idle workers to waiting runs in order, starting fresh ones (in place of retired ones) up to
   * `size`. A run waits until all the workers it needs are free at once, so two data-parallel runs
   * never each hold part of what the other needs.
   */
  private serveWaiting(): void {
    while (this.waitingForWorker.length > 0 && !this.closed) {
      const free = this.freeWorkers();
      const head = this.waitingForWorker[0];
      const wanted = head.count === 'free' ? Math.max(1, free.length) : head.count;
      if (free.length < wanted) return;
      const workers = free.slice(0, wanted).map((worker) => worker ?? this.spawn());
      for (const worker of workers) this.reserved.add(worker);
      this.waitingForWorker.shift()!.take(workers);
    }
  }

  /** Idle workers, then one `null` per worker that may still start (up to `size`). */
  private freeWorkers(): (PooledWorker | null)[] {
    // Extra workers (started beyond the size for one short task) are not the pool's to hand out.
    const regular = [...this.workers].filter((worker) => !worker.retired && !worker.extra);
    const idle = regular.filter((worker) => !this.reserved.has(worker));
    return [...idle, ...Array.from({ length: Math.max(0, this.options.size - regular.length) }, () => null)];
  }

  private spawn(extra = false): PooledWorker {
    const worker = new PooledWorker((this.options.spawn ?? forkWorker)(), extra);
    this.workers.add(worker);
    worker.child.on('message', (message) => this.onMessage(worker, message));
    worker.child.on('error', (error) => this.options.logger.error({ err: error.message }, 'worker process error'));
    worker.child.once('exit', (code, signal) => this.onExit(worker, code, signal));
    worker.send({ type: 'init', settings: this.options.settings });
    return worker;
  }

  private onMessage(worker: PooledWorker, raw: unknown): void {
    if (!isProtocolMessage(raw) || raw.v !== protocolVersion) {
      this.options.logger.error({ pid: worker.child.pid }, 'worker spoke another protocol version; stopping it');
      worker.child.kill('SIGKILL');
      return;
    }
    const message = raw as WorkerMessage;
    const assignment = worker.assignment;
    switch (message.type) {
      case 'ready':
        for (const failure of message.pluginFailures) this.options.logger.warn({ plugin: failure.name, err: failure.message }, 'plugin failed to load in a worker');
        worker.started(message.engine);
        return;
      case 'log':
        this.options.logger[message.level]({ ...message.fields, pid: worker.child.pid }, message.message);
        return;
      case 'request':
        worker.send({ type: 'reply', requestId: message.requestId, ...answerRequest(this.options.lookup, message.request) });
        return;
      case 'done':
        worker.tensors = message.tensors;
        if (assignment?.runId === message.runId) assignment.resolve(message.result);
        return;
      case 'reduce':
        if (assignment?.runId !== message.runId) return;
        try {
          assignment.contribute!(message);
        } catch (error) {
          // Retired first: a worker being killed must not be handed the next run before it exits.
          worker.retired = true;
          assignment.reject(wrapError(error, 'INTERNAL', 'Gradient exchange failed'));
          worker.child.kill('SIGKILL');
        }
        return;
      case 'failed': {
        worker.tensors = message.tensors;
        if (assignment?.runId !== message.runId) return;
        // The worker exits after an engine fault; it must not be handed the next run meanwhile.
        if (message.fatal) worker.retired = true;
        const error = new AtelierError(message.error.code as AtelierError['code'], message.error.message, message.error.details);
        assignment.reject(assignment.canceling && error.code !== 'CANCELED' ? canceledError() : error);
        return;
      }
      default:
        if (assignment?.runId !== message.runId) return;
        try {
          this.options.recorder.apply(message);
        } catch (error) {
          // A report that cannot be recorded fails the run; the worker is stopped so it writes nothing more.
          assignment.reject(wrapError(error, 'STORAGE_ERROR', 'Cannot record a worker report'));
          worker.child.kill('SIGKILL');
        }
    }
  }

  private onExit(worker: PooledWorker, code: number | null, signal: NodeJS.Signals | null): void {
    this.workers.delete(worker);
    const reason = new AtelierError('WORKER_CRASHED', `A worker process exited (${signal ?? `code ${code}`})`, { exitCode: code, signal });
    worker.ended(reason);
    const assignment = worker.assignment;
    if (assignment) {
      const error = assignment.canceling ? canceledError() : reason;
      this.options.recorder.closeSteps(assignment.runId, assignment.canceling ? 'canceled' : 'failed', error.toJSON());
      assignment.reject(error);
    } else {
      this.releaseSlot(worker);
    }
  }
}
