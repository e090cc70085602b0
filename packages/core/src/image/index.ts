export * from './image-batch.js';
