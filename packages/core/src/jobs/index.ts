export * from './job-queue.js';
export * from './run-events.js';
export { trainingRequestSchema, type TrainingSpec } from './training-request.js';
