import type { CheckpointStore, ErrorRecord } from '@atelier/core';
import { isFinal, type FinishedRuns, type QueueDeps, type RunReport } from '@atelier/core/adapter';
import type { BullJobProgress, BullJobResult } from './bull-job.js';

/**
 * Turns BullMQ job events into rows and run events through the same RunRecorder as local workers.
 * Every method is idempotent, because the same facts can arrive twice: replayed from the event stream
 * after a restart and read back from the job's return value by reconcile.
 */
export class BullRunSink {
  constructor(private readonly deps: Pick<QueueDeps, 'runs' | 'artifacts' | 'events' | 'recorder' | 'logger'> & { checkpoints: CheckpointStore; finished: FinishedRuns }) {}

  progress(runId: string, progress: BullJobProgress): void {
    const { runs, events } = this.deps;
    const run = runs.get(runId);
    if (!run || isFinal(run)) return;
    if (progress.type === 'report') return this.report(runId, progress.report);
    // A stalled job re-runs on another worker: the run is running already, only its worker changes.
    if (runs.markRunning(runId, progress.engine)) events.emit({ type: 'status', runId, status: 'running' });
    runs.mergeResult(runId, { worker: progress.worker });
  }

  completed(runId: string, value: BullJobResult): void {
    const { runs, events, finished } = this.deps;
    const run = runs.get(runId);
    if (!run || isFinal(run)) return;
    if (run.status === 'queued') runs.markRunning(runId, value.engine);
    for (const report of value.reports) this.report(runId, report);
    runs.finish(runId, 'succeeded', { result: { ...value.result, worker: value.worker } });
    events.emit({ type: 'status', runId, status: 'succeeded' });
    finished.settle(runId);
  }

  failed(runId: string, reason: string): void {
    const { runs, events, recorder, finished } = this.deps;
    const run = runs.get(runId);
    if (!run || isFinal(run)) return;
    const error = parseFailure(reason);
    const status = error.code === 'CANCELED' ? 'canceled' : 'failed';
    recorder.closeSteps(runId, status, error);
    runs.finish(runId, status, { error });
    events.emit({ type: 'status', runId, status, error: { code: error.code, message: error.message } });
    finished.settle(runId);
  }

  /** A run whose job is gone from Redis (expired, or Redis lost its data) while it was running. */
  lost(runId: string): void {
    const { runs, events, recorder, finished } = this.deps;
    const error: ErrorRecord = { code: 'WORKER_CRASHED', message: 'The run\'s job is gone from the queue', details: {} };
    recorder.closeSteps(runId, 'failed', error);
    runs.finish(runId, 'interrupted', { error });
    events.emit({ type: 'status', runId, status: 'interrupted', error: { code: error.code, message: error.message } });
    finished.settle(runId);
  }

  private report(runId: string, report: RunReport): void {
    const { recorder, logger } = this.deps;
    if (this.alreadyRecorded(runId, report)) return;
    try {
      recorder.apply(report);
    } catch (error) {
      logger.error({ runId, type: report.type, err: (error as Error).message }, 'cannot record a worker report');
    }
  }

  /** Whether the rows already say what the report says (it came live, and now again from the return value). */
  private alreadyRecorded(runId: string, report: RunReport): boolean {
    const { runs, artifacts, checkpoints } = this.deps;
    const step = (stepId: string) => runs.steps(runId).find((candidate) => candidate.stepId === stepId);
    switch (report.type) {
      case 'artifact':
        return artifacts.get(report.artifact.id) !== null;
      case 'checkpoint':
        return checkpoints.find(report.checkpoint.id) !== null;
      case 'step-started':
        return step(report.stepId)?.status !== 'pending';
      case 'step-finished':
        return !['pending', 'running'].includes(step(report.stepId)?.status ?? 'pending');
      default:
        return false;
    }
  }
}

/** A worker fails jobs with an ErrorRecord as JSON; BullMQ's own reasons (a job stalled too often) are plain text. */
function parseFailure(reason: string): ErrorRecord {
  try {
    const parsed = JSON.parse(reason) as ErrorRecord;
    if (typeof parsed?.code === 'string' && typeof parsed.message === 'string') return { ...parsed, details: parsed.details ?? {} };
  } catch {
    // not one of ours
  }
  return { code: 'WORKER_CRASHED', message: reason, details: {} };
}
