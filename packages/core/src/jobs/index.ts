export * from './job-queue.js';
export * from './run-events.js';
export { trainingRequestSchema, type TrainingSpec } from './training-request.js';
export * from './queue-config.js';
export * from './queue-snapshot.js';
export { BullJobQueue } from './bull/bull-queue.js';
export { BullWorkerHost, type BullWorkerOptions } from './bull/bull-worker.js';
export { capabilityQueues, parseQueues, type CapabilityQueue } from './bull/queue-names.js';
export { workerSettings } from '../worker/worker-settings.js';
