export * from './define-plugin.js';
export * from './json-schema.js';
export * from './loader.js';
export * from './registry.js';
export * from './types.js';
export * from './shapes.js';
