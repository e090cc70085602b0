import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckpointRecord } from '@atelier/core';

/** Where the committed default checkpoints live: `packages/server/defaults/<name>/`. */
export const defaultsFolder = fileURLToPath(new URL('../../defaults/', import.meta.url));

/** The public names of the default checkpoints, in the order `train-defaults` trains them. */
export const defaultCheckpointNames = ['digits-classifier', 'digits-dcgan', 'digits-cgan', 'digits-vae', 'digits-cvae', 'digits-restorer'] as const;
export type DefaultCheckpointName = (typeof defaultCheckpointNames)[number];

/** A quality goal: `metric` (a key of `metrics`) at least or at most `value`. */
export interface QualityGoal {
  metric: string;
  atLeast?: number;
  atMost?: number;
  /** What the goal means, for the report. */
  label: string;
}

/** Where a default checkpoint came from: enough to train it again. */
export interface DefaultLineage {
  dataset: { name: string; source: 'mnist'; split: 'train' | 'holdout' | 'all'; count: number };
  preprocessing: CheckpointRecord['preprocess'];
  hyperparameters: Record<string, unknown>;
  epochs: number;
  steps: number;
  seed: number;
  workers: number;
  engine: string;
  /** Wall-clock seconds of the training run. */
  seconds: number;
  trainedBy: string;
}

/**
 * `<name>/checkpoint.json` beside the tfjs model folders (`<model>/model.json`, `weights.bin`) and
 * `samples.png` (a sample grid for the README and the report). The record fields are a
 * `CheckpointRecord` without what a home assigns (id, path, runId, createdAt).
 */
export interface DefaultCheckpointFile {
  formatVersion: 1;
  name: DefaultCheckpointName;
  family: string;
  hyperparameters: Record<string, unknown>;
  dataset: string;
  labelNames: string[];
  dataSpec: CheckpointRecord['dataSpec'];
  preprocess: CheckpointRecord['preprocess'];
  /** Training metrics plus the measured quality numbers the goals name. */
  metrics: Record<string, number>;
  epoch: number;
  step: number;
  state: Record<string, unknown>;
  models: string[];
  lineage: DefaultLineage;
  goals: QualityGoal[];
  /** The training run's loss curve: one point per logged step. */
  history: { step: number; epoch?: number; [loss: string]: number | undefined }[];
  /** Describes `samples.png`. */
  samples: { file: 'samples.png'; caption: string };
}

export function readDefaultCheckpoint(name: string, folder = defaultsFolder): DefaultCheckpointFile {
  return JSON.parse(fs.readFileSync(path.join(folder, name, 'checkpoint.json'), 'utf8')) as DefaultCheckpointFile;
}

/** The default checkpoints present in `folder` (all six once `train-defaults` has run). */
export function listDefaultCheckpoints(folder = defaultsFolder): DefaultCheckpointFile[] {
  return defaultCheckpointNames.filter((name) => fs.existsSync(path.join(folder, name, 'checkpoint.json'))).map((name) => readDefaultCheckpoint(name, folder));
}

/** Whether a goal holds for these metrics (a missing metric fails). */
export function goalMet(goal: QualityGoal, metrics: Record<string, number>): boolean {
  const value = metrics[goal.metric];
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  return (goal.atLeast === undefined || value >= goal.atLeast) && (goal.atMost === undefined || value <= goal.atMost);
}
