export * from './engine.js';
export * from './tf.js';
export * from './register-kernels.js';
export * from './training-kernels.js';
