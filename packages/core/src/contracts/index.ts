export * from './records.js';
export * from './job-queue.js';
export * from './queue-snapshot.js';
export * from './tokens.js';
export type { InputFileAccess, InputKind } from './input-files.js';
export type { StepCache, StepCacheEntry } from './step-cache.js';
