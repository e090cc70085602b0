import { EventEmitter } from 'node:events';
import type { ArtifactRecord, RunStatus, StepStatus } from '../contracts/records.js';
import type { StepProgress, TrainProgress } from '@atelier/plugin-api';

export type RunEvent =
  | { type: 'status'; runId: string; status: RunStatus; error?: { code: string; message: string } | null }
  | { type: 'step'; runId: string; stepId: string; status: StepStatus; progress?: StepProgress }
  | { type: 'training'; runId: string; progress: TrainProgress }
  | { type: 'artifact'; runId: string; artifact: ArtifactRecord };

/** What listeners see of run events: the CLI's progress bars and the server's subscriptions. */
export interface RunEventSource {
  subscribe(runId: string, listener: (event: RunEvent) => void): () => void;
}

/** In-process fan-out of run events to the CLI's progress bars and the server's subscriptions. */
export class RunEvents implements RunEventSource {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  emit(event: RunEvent): void {
    this.emitter.emit(event.runId, event);
    this.emitter.emit('*', event);
  }

  subscribe(runId: string, listener: (event: RunEvent) => void): () => void {
    this.emitter.on(runId, listener);
    return () => this.emitter.off(runId, listener);
  }
}
