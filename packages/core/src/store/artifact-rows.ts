import type { ImageMeta } from '@atelier/plugin-api';
import { fromJson } from './json-column.js';
import type { ArtifactKind, ArtifactRecord } from '../contracts/records.js';

export interface ArtifactRow {
  id: string;
  run_id: string;
  step_id: string | null;
  kind: ArtifactKind;
  name: string;
  mime: string;
  path: string;
  bytes: number;
  sha256: string;
  width: number | null;
  height: number | null;
  idx: number | null;
  meta: string | null;
  created_at: string;
}

export function toArtifactRecord(row: ArtifactRow): ArtifactRecord {
  return {
    id: row.id,
    runId: row.run_id,
    stepId: row.step_id,
    kind: row.kind,
    name: row.name,
    mime: row.mime,
    path: row.path,
    bytes: row.bytes,
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    index: row.idx,
    meta: fromJson<ImageMeta>(row.meta),
    createdAt: row.created_at,
  };
}
