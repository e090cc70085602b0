export * from './job-queue.js';
export * from './run-events.js';
export { finalRunStatuses } from './finished-runs.js';
export { trainingRequestSchema, type TrainingSpec } from './training-request.js';
export * from './queue-config.js';
export * from './queue-snapshot.js';
export { workerSettings } from '../worker/worker-settings.js';
