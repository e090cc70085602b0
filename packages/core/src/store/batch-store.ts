import crypto from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import { Tokens, type Clock } from '../tokens.js';
import type { Database, RunRecord, RunStore } from './records.js';
import { toRunRecord, type RunRow } from './run-rows.js';

/** A group of runs expanded from one spec (a seed range, a parameter grid). */
export interface BatchRecord {
  id: string;
  name: string | null;
  /** The spec before expansion. */
  spec: Record<string, unknown>;
  /** How it was expanded: seeds, swept parameters, mode. */
  sweep: Record<string, unknown>;
  size: number;
  createdAt: string;
}

interface BatchRow {
  id: string;
  name: string | null;
  spec: string;
  sweep: string;
  size: number;
  created_at: string;
}

type NewRun = Parameters<RunStore['create']>[0];

export interface BatchStore {
  /** The batch and all its runs at once, or none of them. */
  create(batch: { name: string | null; spec: Record<string, unknown>; sweep: Record<string, unknown> }, runs: Omit<NewRun, 'batchId'>[]): { batch: BatchRecord; runs: RunRecord[] };
  get(id: string): BatchRecord | null;
  setContactSheet(id: string, runId: string): void;
  runsOf(id: string): RunRecord[];
}

/** Batches in SQLite; a batch and all its runs are written in one transaction, so none is half queued. */
@injectable()
export class SqliteBatchStore implements BatchStore {
  constructor(
    @inject(Tokens.Database) private readonly db: Database,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(Tokens.RunStore) private readonly runs: RunStore,
  ) {}

  create(batch: { name: string | null; spec: Record<string, unknown>; sweep: Record<string, unknown> }, runs: Omit<NewRun, 'batchId'>[]): { batch: BatchRecord; runs: RunRecord[] } {
    const id = crypto.randomUUID();
    return this.db.sql.transaction(() => {
      this.db.sql
        .prepare('INSERT INTO batches (id, name, spec, sweep, size, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, batch.name, JSON.stringify(batch.spec), JSON.stringify(batch.sweep), runs.length, this.clock.now().toISOString());
      const created = runs.map((run) => this.runs.create({ ...run, batchId: id }));
      return { batch: this.get(id)!, runs: created };
    })();
  }

  get(id: string): BatchRecord | null {
    const row = this.db.sql.prepare('SELECT * FROM batches WHERE id = ?').get(id) as BatchRow | undefined;
    if (!row) return null;
    return { id: row.id, name: row.name, spec: JSON.parse(row.spec), sweep: JSON.parse(row.sweep), size: row.size, createdAt: row.created_at };
  }

  setContactSheet(id: string, runId: string): void {
    this.db.sql.prepare(`UPDATE batches SET sweep = json_set(sweep, '$.contactSheetRunId', ?) WHERE id = ?`).run(runId, id);
  }

  runsOf(id: string): RunRecord[] {
    return (this.db.sql.prepare('SELECT * FROM runs WHERE batch_id = ? ORDER BY seq').all(id) as RunRow[]).map(toRunRecord);
  }
}
