export * from './artifact-files-adapter.js';
export * from './queue-adapter.js';
export { loadAdapters, type Adapters } from './load-adapters.js';
