import type { DataSpec, PreprocessStep } from './types.js';

/** The stored records a plugin reads (through its context and shape declarations); core's stores write them. */

export interface CheckpointRecord<H = unknown> {
  id: string;
  name: string;
  family: string;
  hyperparameters: H;
  dataset: string | null;
  labelNames: string[];
  dataSpec: DataSpec;
  /** The preprocessing chain the training data went through, re-applied at inference. */
  preprocess: PreprocessStep[];
  metrics: Record<string, number>;
  runId: string | null;
  epoch: number;
  step: number;
  /** Resume state (optimizer step, rng position…). */
  state: Record<string, unknown>;
  /** Names of the tfjs models stored under the checkpoint folder. */
  models: string[];
  /** Folder relative to home: `checkpoints/<id>`; each model in `<model>/model.json + weights.bin`. */
  path: string;
  createdAt: string;
  /** Where an installed checkpoint came from (data set, preprocessing, training settings); null for one trained here, whose run says it. */
  lineage: Record<string, unknown> | null;
}

export interface DatasetRecord {
  name: string;
  source: 'mnist' | 'folder' | 'upload';
  count: number;
  width: number;
  height: number;
  channels: 1 | 3;
  /** Class names by label index; empty for an unlabelled set. */
  labelNames: string[];
  createdAt: string;
}
