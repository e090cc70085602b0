import type { RunRecord } from './records.js';
import type { QueueSnapshot } from './queue-snapshot.js';

/**
 * The queue contract: runs are persisted as `queued` rows first, so nothing is lost on restart.
 * The embedded implementation works in-process; a BullMQ one could stand in past one machine.
 */
export interface JobQueue {
  /**
   * Starts working. By default it first picks up every queued run (including those a previous
   * process left); `{ resumeQueued: false }` works only on runs enqueued from now on (the CLI).
   */
  start(options?: { resumeQueued?: boolean }): void;
  /** Signals that a queued run row exists and should be worked on. */
  enqueue(runId: string): void;
  /** Cancels a queued or running run; false when it is already finished or unknown. */
  cancel(runId: string): boolean;
  /** Resolves with the run once it reaches a final status. */
  wait(runId: string): Promise<RunRecord>;
  /** Stops taking new work and waits for (or cancels, with `cancelRunning`) the running jobs. */
  stop(options?: { cancelRunning?: boolean }): Promise<void>;
  /** Queue depths and the workers seen, where the queue has remote workers (BullMQ). */
  inspect?(): Promise<QueueSnapshot>;
}
