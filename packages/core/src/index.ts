/** Core re-exports the plugin API whole, so a host sees the same contracts its plugins do. */
export * from '@atelier/plugin-api';
export * from './adapters/index.js';
export * from './atelier.js';
export type { WorkerProcesses } from './worker/worker-pool.js';
export { createAtelier, type CreateAtelierOptions } from './container.js';
export * from './config/index.js';
export * from './contracts/index.js';
export * from './builtins/index.js';
export * from './datasets/index.js';
export * from './engine/index.js';
export * from './image/index.js';
export * from './inputs/index.js';
export * from './jobs/index.js';
export * from './pipeline/index.js';
export * from './plugins/index.js';
export * from './run/index.js';
export * from './store/index.js';
export * from './training/index.js';
