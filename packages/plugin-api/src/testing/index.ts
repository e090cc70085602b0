/** `@atelier/plugin-api/testing`: run one component, or one training loop, on given data in a plugin's own tests. */
export * from './test-context.js';
export * from './recording-train-context.js';
export * from './scaling-all-reduce.js';
