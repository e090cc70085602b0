export * from './engine.js';
export * from './tf.js';
