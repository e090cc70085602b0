import { AtelierError, type Logger } from '@atelier/plugin-api';
import type { Engine } from '../engine/engine.js';
import type { RunRecord, RunStore } from '../contracts/records.js';
import { FinishedRuns } from './finished-runs.js';
import type { JobQueue } from '../contracts/job-queue.js';
import type { RunEvents } from '../run/run-events.js';

/** Does the work of one run; returns what goes into the run's `result`. */
export type RunExecutor = (run: RunRecord, signal: AbortSignal) => Promise<Record<string, unknown>>;

/**
 * The embedded queue: queued runs are rows in SQLite (so a restart loses nothing), handed in creation
 * order to `execute` (the worker pool) while it has a free worker, so a run is `running` only once
 * a worker has it (a data-parallel training run may hold several).
 */
export class EmbeddedJobQueue implements JobQueue {
  private readonly pending: string[] = [];
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly finished: FinishedRuns;
  private started = false;
  private stopped = false;

  constructor(
    private readonly deps: { runs: RunStore; events: RunEvents; engine: Engine; logger: Logger; execute: RunExecutor; hasFreeWorker: () => boolean },
  ) {
    this.finished = new FinishedRuns(deps.runs);
  }

  start(options: { resumeQueued?: boolean } = {}): void {
    if (this.started) return;
    this.started = true;
    if (options.resumeQueued !== false) {
      for (const run of this.deps.runs.queued()) if (!this.pending.includes(run.id)) this.pending.push(run.id);
    }
    this.pump();
  }

  enqueue(runId: string): void {
    if (!this.pending.includes(runId) && !this.running.has(runId)) this.pending.push(runId);
    this.pump();
  }

  cancel(runId: string): boolean {
    const at = this.pending.indexOf(runId);
    if (at >= 0) this.pending.splice(at, 1);
    const active = this.running.get(runId);
    if (active) {
      active.controller.abort();
      return true;
    }
    const run = this.deps.runs.get(runId);
    if (run?.status !== 'queued') return false;
    this.deps.runs.finish(runId, 'canceled', { error: { code: 'CANCELED', message: 'Canceled before it started', details: {} } });
    this.deps.events.emit({ type: 'status', runId, status: 'canceled' });
    this.finished.settle(runId);
    return true;
  }

  wait(runId: string): Promise<RunRecord> {
    return this.finished.wait(runId);
  }

  async stop(options: { cancelRunning?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (options.cancelRunning) for (const active of this.running.values()) active.controller.abort();
    await Promise.all([...this.running.values()].map((active) => active.done));
  }

  private pump(): void {
    while (this.started && !this.stopped && this.pending.length > 0 && this.deps.hasFreeWorker()) {
      const runId = this.pending.shift()!;
      const run = this.deps.runs.get(runId);
      if (run?.status !== 'queued') continue;
      const controller = new AbortController();
      const done = this.work(run, controller.signal).finally(() => {
        this.running.delete(runId);
        this.finished.settle(runId);
        this.pump();
      });
      this.running.set(runId, { controller, done });
    }
  }

  private async work(run: RunRecord, signal: AbortSignal): Promise<void> {
    const { runs, events, engine, logger } = this.deps;
    if (!runs.markRunning(run.id, engine.report())) return;
    events.emit({ type: 'status', runId: run.id, status: 'running' });
    logger.info({ runId: run.id, kind: run.kind }, 'run started');
    try {
      const result = await this.deps.execute({ ...run, status: 'running' }, signal);
      if (signal.aborted) throw new AtelierError('CANCELED', 'Run was canceled');
      runs.finish(run.id, 'succeeded', { result });
      events.emit({ type: 'status', runId: run.id, status: 'succeeded' });
      logger.info({ runId: run.id }, 'run succeeded');
    } catch (error) {
      const failure = error instanceof AtelierError ? error : new AtelierError('INTERNAL', (error as Error)?.message ?? String(error), {}, { cause: error });
      const status = signal.aborted || failure.code === 'CANCELED' ? 'canceled' : 'failed';
      runs.finish(run.id, status, { error: failure.toJSON() });
      events.emit({ type: 'status', runId: run.id, status, error: { code: failure.code, message: failure.message } });
      logger[status === 'failed' ? 'error' : 'info']({ runId: run.id, code: failure.code, err: failure.message }, `run ${status}`);
    }
  }
}
