export * from './json-schema.js';
export * from './loader.js';
export * from './registry.js';
