import type { RunRecord, RunStatus, RunStore } from '../contracts/records.js';
import { runNotFound } from '../store/run-not-found.js';

/** Statuses a run does not leave (but for a retry). */
export const finalRunStatuses: ReadonlySet<RunStatus> = new Set(['succeeded', 'failed', 'canceled', 'interrupted']);

export function isFinal(run: RunRecord): boolean {
  return finalRunStatuses.has(run.status);
}

/** `JobQueue.wait`: resolves callers once their run reaches a final status. */
export class FinishedRuns {
  private readonly waiters = new Map<string, ((run: RunRecord) => void)[]>();

  constructor(private readonly runs: RunStore) {}

  wait(runId: string): Promise<RunRecord> {
    const run = this.runs.get(runId);
    if (!run) return Promise.reject(runNotFound(runId));
    if (isFinal(run)) return Promise.resolve(run);
    return new Promise((resolve) => this.waiters.set(runId, [...(this.waiters.get(runId) ?? []), resolve]));
  }

  settle(runId: string): void {
    const run = this.runs.get(runId);
    const waiting = this.waiters.get(runId);
    if (!run || !waiting || !isFinal(run)) return;
    this.waiters.delete(runId);
    for (const resolve of waiting) resolve(run);
  }
}
