import type { Logger } from '@atelier/plugin-api';
import { finalRunStatuses } from './jobs/finished-runs.js';
import type { JobQueue } from './contracts/job-queue.js';
import { contactSheetSpec } from './pipeline/contact-sheet.js';
import type { ArtifactStore, BatchStore, RunRecord, RunStore } from './contracts/records.js';

export interface ContactSheetDeps {
  runs: RunStore;
  batches: BatchStore;
  artifacts: ArtifactStore;
  queue: JobQueue;
  logger: Logger;
  /** Queues the sheet's pipeline run (outside the home's budget: it finishes a batch already admitted). */
  queuePipeline(spec: Record<string, unknown>): Promise<RunRecord>;
}

/** The contact sheets of batches that asked for one: queued once, when the batch's last run has finished. */
export class ContactSheets {
  /** Batches whose contact sheet this process is queuing or queued (or found it could not make). */
  private readonly laidOut = new Map<string, Promise<void>>();

  constructor(private readonly deps: ContactSheetDeps) {}

  /** The finished contact sheet run of a batch, once all its runs are done; null when none could be made. */
  async of(batchId: string): Promise<RunRecord | null> {
    const { batches, queue } = this.deps;
    await Promise.all(batches.runsOf(batchId).map((run) => queue.wait(run.id)));
    await this.laidOut.get(batchId);
    const runId = batches.get(batchId)?.sweep.contactSheetRunId;
    return typeof runId === 'string' ? queue.wait(runId) : null;
  }

  /** When the last run of a batch that asked for a contact sheet has finished, queues the sheet (once). */
  runFinished(runId: string): void {
    const { runs, batches } = this.deps;
    const batchId = runs.get(runId)?.batchId;
    const batch = batchId ? batches.get(batchId) : null;
    if (!batch || !batch.sweep.contactSheet || batch.sweep.contactSheetRunId || this.laidOut.has(batch.id)) return;
    if (batches.runsOf(batch.id).some((run) => !finalRunStatuses.has(run.status))) return;
    this.laidOut.set(batch.id, this.queue(batch.id));
  }

  private async queue(batchId: string): Promise<void> {
    const { batches, artifacts, logger } = this.deps;
    const batch = batches.get(batchId)!;
    const spec = contactSheetSpec(batch, batches.runsOf(batchId), (id) => artifacts.list(id));
    if (!spec) return void logger.warn({ batchId: batch.id }, 'no contact sheet: not every run of the batch succeeded with an image');
    try {
      const sheet = await this.deps.queuePipeline(spec);
      batches.setContactSheet(batch.id, sheet.id);
    } catch (error) {
      logger.error({ batchId: batch.id, err: (error as Error).message }, 'contact sheet could not be queued');
    }
  }
}
