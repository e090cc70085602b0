export * from './random.js';
export * from './spec.js';
