export * from './job-queue.js';
export * from './run-events.js';
