export * from './run-events.js';
export { workerSettings } from './worker-settings.js';
