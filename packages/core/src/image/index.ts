export * from './image-batch.js';
export * from './codec.js';
export * from './grid.js';
