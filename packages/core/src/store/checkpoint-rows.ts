import type { CheckpointRecord, DataSpec, PreprocessStep } from '@atelier/plugin-api';
import { fromJson } from './json-column.js';

export interface CheckpointRow {
  id: string;
  name: string;
  family: string;
  hyperparameters: string;
  dataset: string | null;
  label_names: string;
  data_spec: string;
  preprocess: string;
  metrics: string;
  run_id: string | null;
  epoch: number;
  step: number;
  state: string;
  models: string;
  path: string;
  created_at: string;
  lineage: string | null;
}

export function toCheckpointRecord(row: CheckpointRow): CheckpointRecord {
  return {
    id: row.id,
    name: row.name,
    family: row.family,
    hyperparameters: JSON.parse(row.hyperparameters) as unknown,
    dataset: row.dataset,
    labelNames: JSON.parse(row.label_names) as string[],
    dataSpec: JSON.parse(row.data_spec) as DataSpec,
    preprocess: JSON.parse(row.preprocess) as PreprocessStep[],
    metrics: JSON.parse(row.metrics) as Record<string, number>,
    runId: row.run_id,
    epoch: row.epoch,
    step: row.step,
    state: JSON.parse(row.state) as Record<string, unknown>,
    models: JSON.parse(row.models) as string[],
    path: row.path,
    createdAt: row.created_at,
    lineage: fromJson<Record<string, unknown>>(row.lineage),
  };
}
