import fs from 'node:fs';
import path from 'node:path';
import type { CheckpointRecord } from '@atelier/core';
import type { DefaultCheckpointFile, DefaultCheckpointName, DefaultLineage, QualityGoal } from './default-checkpoint.js';

export interface DefaultExtras {
  name: DefaultCheckpointName;
  metrics: Record<string, number>;
  lineage: DefaultLineage;
  goals: QualityGoal[];
  history: DefaultCheckpointFile['history'];
  samplesPng: Buffer;
  caption: string;
  /** The checkpoint's models to write (all where absent). */
  models?: string[];
}

/**
 * Writes a trained checkpoint of `home` as `<folder>/<name>/`: its tfjs model folders, `samples.png`
 * and `checkpoint.json`. The folder is replaced whole (written beside, then renamed).
 */
export function exportDefaultCheckpoint(home: string, record: CheckpointRecord, extras: DefaultExtras, folder: string): string {
  const target = path.join(folder, extras.name);
  const staging = `${target}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const models = extras.models ?? record.models;
  for (const model of models) {
    fs.cpSync(path.join(home, record.path, model), path.join(staging, model), { recursive: true });
  }
  fs.writeFileSync(path.join(staging, 'samples.png'), extras.samplesPng);
  const file: DefaultCheckpointFile = {
    formatVersion: 1,
    name: extras.name,
    family: record.family,
    hyperparameters: record.hyperparameters as Record<string, unknown>,
    dataset: record.dataset ?? extras.lineage.dataset.name,
    labelNames: record.labelNames,
    dataSpec: record.dataSpec,
    preprocess: record.preprocess,
    metrics: extras.metrics,
    epoch: record.epoch,
    step: record.step,
    state: record.state,
    models,
    lineage: extras.lineage,
    goals: extras.goals,
    history: extras.history,
    samples: { file: 'samples.png', caption: extras.caption },
  };
  fs.writeFileSync(path.join(staging, 'checkpoint.json'), `${JSON.stringify(file, null, 2)}\n`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(staging, target);
  return target;
}
