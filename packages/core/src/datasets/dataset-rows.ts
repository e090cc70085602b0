import type { DatasetRecord } from '@atelier/plugin-api';

export interface DatasetRow {
  name: string;
  source: DatasetRecord['source'];
  count: number;
  width: number;
  height: number;
  channels: 1 | 3;
  label_names: string;
  created_at: string;
}

export function toDatasetRecord(row: DatasetRow): DatasetRecord {
  return {
    name: row.name,
    source: row.source,
    count: row.count,
    width: row.width,
    height: row.height,
    channels: row.channels,
    labelNames: JSON.parse(row.label_names) as string[],
    createdAt: row.created_at,
  };
}
