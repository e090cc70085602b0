export * from './engine.js';
export * from './register-kernels.js';
export * from './training-kernels.js';
