/**
 * `@atelier/core/adapter`: what a queue or artifact store adapter package builds on — the adapter
 * contracts plus the parts of core's runtime a remote queue reuses (worker children, run recording).
 */
export * from './index.js';
export { FinishedRuns, isFinal } from '../jobs/finished-runs.js';
export { JobChild, type JobChildOptions } from '../worker/job-child.js';
export type { WorkerSettings, WorkerTask } from '../run/protocol.js';
export type { RunRecorder, RunReport } from '../run/run-recorder.js';
