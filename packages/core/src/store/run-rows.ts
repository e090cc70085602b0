import type { EngineReport, ImageMeta } from '@atelier/plugin-api';
import { fromJson } from './json-column.js';
import type { ErrorRecord, RunKind, RunRecord, RunStatus, StepRecord, StepStatus } from '../contracts/records.js';

export interface RunRow {
  seq: number;
  id: string;
  kind: RunKind;
  status: RunStatus;
  name: string | null;
  spec: string;
  seed: number;
  engine: string | null;
  error: string | null;
  result: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  batch_id: string | null;
}

export interface StepRow {
  run_id: string;
  step_id: string;
  idx: number;
  use: string;
  status: StepStatus;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  error: string | null;
  records: string;
  image_meta: string;
}

export function toRunRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    name: row.name,
    spec: fromJson<Record<string, unknown>>(row.spec) ?? {},
    seed: row.seed,
    engine: fromJson<EngineReport>(row.engine),
    error: fromJson<ErrorRecord>(row.error),
    result: fromJson<Record<string, unknown>>(row.result) ?? {},
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    batchId: row.batch_id ?? null,
  };
}

export function toStepRecord(row: StepRow): StepRecord {
  return {
    runId: row.run_id,
    stepId: row.step_id,
    index: row.idx,
    use: row.use,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
    error: fromJson<ErrorRecord>(row.error),
    records: fromJson<Record<string, unknown>>(row.records) ?? {},
    imageMeta: fromJson<ImageMeta[]>(row.image_meta) ?? [],
  };
}
