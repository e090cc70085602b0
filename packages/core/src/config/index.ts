export * from './config.js';
export * from './queue-config.js';
export * from './artifact-store-config.js';
