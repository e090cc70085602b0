import { AtelierError, tf, type CheckpointRecord, type LayersModel, type ModelHandle, type Tensor2D, type Tensor4D } from '@atelier/plugin-api';

/** The `classify` capability of a `cnn.classifier` checkpoint; inputs are prepared images. */
export interface ClassifierHandle extends ModelHandle {
  labelNames: string[];
  /** `[height, width, channels]` the network takes. */
  inputShape: [number, number, number];
  /** Class probabilities, `[n, labelNames.length]`. */
  classify(images: Tensor4D): Tensor2D;
  /** Penultimate-layer activations, `[n, embeddingSize]`. */
  embed(images: Tensor4D): Tensor2D;
}

export function openClassifier(record: CheckpointRecord, models: Record<string, LayersModel>): ClassifierHandle {
  const { features, head } = models;
  if (!features || !head) {
    throw new AtelierError('CHECKPOINT_INCOMPATIBLE', `Checkpoint "${record.name}" lacks the classifier's features and head models`, {
      path: 'checkpoint',
      models: Object.keys(models),
    });
  }
  const [, height, width, channels] = features.inputs[0].shape as number[];
  return {
    labelNames: record.labelNames.length > 0 ? record.labelNames : Array.from({ length: head.outputs[0].shape[1] as number }, (_, i) => String(i)),
    inputShape: [height, width, channels],
    classify: (images) => tf.tidy(() => tf.softmax(head.apply(features.apply(images, { training: false }), { training: false }) as Tensor2D)),
    embed: (images) => features.apply(images, { training: false }) as Tensor2D,
    dispose() {
      features.dispose();
      head.dispose();
    },
  };
}
