import type { RunEvents } from './run-events.js';
import type { ArtifactStore, CheckpointStore, ErrorRecord, RunStore } from '../contracts/records.js';
import type { StepCacheEntry } from '../contracts/step-cache.js';
import type { WorkerMessage } from './protocol.js';

export type RunReport = Extract<WorkerMessage, { type: 'step-started' | 'step-progress' | 'step-finished' | 'training' | 'result' | 'artifact' | 'checkpoint' | 'cache-entry' }>;

/**
 * The API-process side of a worker's reports: records rows (the database has one writer) and feeds
 * the same events subscriptions and the CLI listen to.
 */
export class RunRecorder {
  constructor(
    private readonly deps: {
      runs: RunStore;
      artifacts: ArtifactStore;
      checkpoints: CheckpointStore;
      events: RunEvents;
      /** Indexes step outputs workers stored; absent: such reports are ignored (nothing looks them up). */
      stepCache?: { record(entry: StepCacheEntry): void };
    },
  ) {}

  apply(report: RunReport): void {
    const { runs, artifacts, checkpoints, events } = this.deps;
    const { runId } = report;
    switch (report.type) {
      case 'step-started':
        runs.startStep(runId, report.stepId);
        events.emit({ type: 'step', runId, stepId: report.stepId, status: 'running' });
        return;
      case 'step-progress':
        events.emit({ type: 'step', runId, stepId: report.stepId, status: 'running', progress: report.progress });
        return;
      case 'step-finished':
        runs.finishStep(runId, report.stepId, report.outcome);
        if (report.outcome.status !== 'skipped') events.emit({ type: 'step', runId, stepId: report.stepId, status: report.outcome.status });
        return;
      case 'training':
        events.emit({ type: 'training', runId, progress: report.progress });
        return;
      case 'result':
        runs.mergeResult(runId, report.patch);
        return;
      case 'artifact':
        artifacts.record(report.artifact);
        events.emit({ type: 'artifact', runId, artifact: report.artifact });
        return;
      case 'checkpoint':
        checkpoints.record(report.checkpoint);
        return;
      case 'cache-entry':
        this.deps.stepCache?.record(report.entry);
        return;
    }
  }

  /** A worker that died or was killed leaves steps open: the running one takes the run's fate, the rest are skipped. */
  closeSteps(runId: string, status: 'failed' | 'canceled', error: ErrorRecord): void {
    for (const step of this.deps.runs.steps(runId)) {
      if (step.status === 'running') {
        this.deps.runs.finishStep(runId, step.stepId, { status, error });
        this.deps.events.emit({ type: 'step', runId, stepId: step.stepId, status });
      } else if (step.status === 'pending') {
        this.deps.runs.finishStep(runId, step.stepId, { status: 'skipped' });
      }
    }
  }
}
