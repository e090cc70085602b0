import type { DataSpec, Tensor1D, Tensor4D, TrainContext } from '@atelier/plugin-api';
import { memoryTrainingData, recordingTrainContext } from '@atelier/core/testing';

/**
 * Core's recording TrainContext over the given tensors (copied, so the caller may dispose them):
 * seeded batches, checkpoints serialised through tfjs's own format.
 */
export function memoryTrainContext<H>(options: {
  hyperparameters: H;
  family: string;
  spec: DataSpec;
  images: Tensor4D;
  labels: Tensor1D;
  labelNames: string[];
  epochs: number;
  maxSteps?: number;
  seed?: number;
  allReduce?: TrainContext<H>['allReduce'];
}) {
  const [count, height, width, channels] = options.images.shape;
  const data = memoryTrainingData({
    pixels: options.images.dataSync() as Float32Array,
    labels: options.labels.dataSync(),
    shape: [count, height, width, channels as 1 | 3],
    labelNames: options.labelNames,
    range: options.spec.range,
  });
  return recordingTrainContext(options.hyperparameters, data, options);
}
