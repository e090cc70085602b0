/**
 * `@atelier/core/plugin`: everything a plugin imports — the contracts, the one `tf` and `z`, typed
 * errors and the helpers every plugin needs. The runtime (stores, queue, server wiring) stays out,
 * so a plugin cannot come to depend on it.
 */
export { z } from 'zod';
export { tf, type LayersModel, type Rank, type Tensor, type Tensor1D, type Tensor2D, type Tensor3D, type Tensor4D } from '../engine/tf.js';
export type { EngineReport } from '../engine/engine.js';
export { AtelierError, canceledError, isAtelierError, wrapError, type ErrorCode, type ErrorDetails } from '../errors.js';
export { batchShape, batchSize, type ImageBatch, type ImageMeta, type ValueRange } from '../image/image-batch.js';
export type { Logger } from '../logger.js';
export { createRandom, deriveSeed, shuffledIndices } from '../pipeline/random.js';
export * from '../parallel/index.js';
export type { CheckpointRecord } from '../store/records.js';
export * from '../plugins/api-version.js';
export * from '../plugins/capabilities.js';
export * from '../plugins/define-plugin.js';
export * from '../plugins/image-count.js';
export * from '../plugins/labels.js';
export * from '../plugins/params.js';
export * from '../plugins/types.js';
export * from '../plugins/mask-image.js';
