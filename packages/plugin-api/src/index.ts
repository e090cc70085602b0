/**
 * `@atelier/plugin-api`: everything a plugin imports — the contracts, the one `tf` and `z`, typed
 * errors, the record types a plugin reads and the helpers every plugin needs. It depends on zod and
 * tfjs only: no store, queue, native module or server wiring can reach a plugin through it.
 */
export { z } from 'zod';
export * from './tf.js';
export * from './engine-report.js';
export * from './errors.js';
export * from './image-batch.js';
export * from './logger.js';
export * from './random.js';
export * from './records.js';
export * from './api-version.js';
export * from './capabilities.js';
export * from './define-plugin.js';
export * from './image-count.js';
export * from './image-size.js';
export * from './labels.js';
export * from './params.js';
export * from './shapes.js';
export * from './mask-image.js';
export * from './types.js';
export * from './parallel/optimizer-step.js';
export * from './parallel/shard-random.js';
export * from './checkpoint-mismatch.js';
export * from './open-checkpoint.js';
export * from './parallel/shard-training-data.js';
