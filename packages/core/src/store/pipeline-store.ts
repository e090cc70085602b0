import { inject, injectable } from 'tsyringe';
import { Tokens, type Clock } from '../contracts/tokens.js';
import { assertRecordName } from './record-name.js';
import type { Database, PipelineRecord, PipelineStore } from '../contracts/records.js';

interface PipelineRow {
  name: string;
  spec: string;
  created_at: string;
  updated_at: string;
}

function toPipelineRecord(row: PipelineRow): PipelineRecord {
  return { name: row.name, spec: JSON.parse(row.spec) as Record<string, unknown>, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** Saved pipeline specs by name; saving an existing name replaces its spec and keeps its creation time. */
@injectable()
export class SqlitePipelineStore implements PipelineStore {
  constructor(
    @inject(Tokens.Database) private readonly db: Database,
    @inject(Tokens.Clock) private readonly clock: Clock,
  ) {}

  save(name: string, spec: Record<string, unknown>): PipelineRecord {
    assertRecordName(name, 'A pipeline name');
    const now = this.clock.now().toISOString();
    this.db.sql
      .prepare(
        `INSERT INTO pipelines (name, spec, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET spec = excluded.spec, updated_at = excluded.updated_at`,
      )
      .run(name, JSON.stringify(spec), now, now);
    return this.get(name)!;
  }

  get(name: string): PipelineRecord | null {
    const row = this.db.sql.prepare('SELECT * FROM pipelines WHERE name = ?').get(name) as PipelineRow | undefined;
    return row ? toPipelineRecord(row) : null;
  }

  list(): PipelineRecord[] {
    return (this.db.sql.prepare('SELECT * FROM pipelines ORDER BY name').all() as PipelineRow[]).map(toPipelineRecord);
  }
}
