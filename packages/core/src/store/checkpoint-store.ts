import fs from 'node:fs';
import path from 'node:path';
import { inject, injectable } from 'tsyringe';
import { AtelierError, type CheckpointRecord, type LayersModel, wrapError } from '@atelier/plugin-api';
import { Tokens, type Clock } from '../contracts/tokens.js';
import { loadCheckpointModels, saveCheckpointFiles } from './checkpoint-files.js';
import { toCheckpointRecord, type CheckpointRow } from './checkpoint-rows.js';
import { toJson } from './json-column.js';
import type { CheckpointStore, Database, NewCheckpoint } from '../contracts/records.js';

/** Checkpoints as `checkpoints/<id>/<model>/{model.json,weights.bin}`, each recorded once its folder is complete. */
@injectable()
export class FileCheckpointStore implements CheckpointStore {
  constructor(
    @inject(Tokens.Database) private readonly db: Database,
    @inject(Tokens.Clock) private readonly clock: Clock,
  ) {}

  async save<H>(input: NewCheckpoint<H>): Promise<CheckpointRecord<H>> {
    const checkpoint = await saveCheckpointFiles(this.db.paths, input, this.clock.now());
    this.record(checkpoint);
    return checkpoint;
  }

  record(checkpoint: CheckpointRecord): void {
    if (!/^checkpoints\/[0-9a-f-]{36}$/.test(checkpoint.path)) {
      throw new AtelierError('STORAGE_ERROR', `Checkpoint path ${JSON.stringify(checkpoint.path)} is not one core writes`, { path: 'path' });
    }
    const row: CheckpointRow = {
      id: checkpoint.id,
      name: checkpoint.name,
      family: checkpoint.family,
      hyperparameters: JSON.stringify(checkpoint.hyperparameters ?? {}),
      dataset: checkpoint.dataset,
      label_names: JSON.stringify(checkpoint.labelNames),
      data_spec: JSON.stringify(checkpoint.dataSpec),
      preprocess: JSON.stringify(checkpoint.preprocess),
      metrics: JSON.stringify(checkpoint.metrics),
      run_id: checkpoint.runId,
      epoch: checkpoint.epoch,
      step: checkpoint.step,
      state: JSON.stringify(checkpoint.state),
      models: JSON.stringify(checkpoint.models),
      path: checkpoint.path,
      created_at: checkpoint.createdAt,
      lineage: toJson(checkpoint.lineage),
    };
    try {
      this.db.sql
        .prepare(
          `INSERT INTO checkpoints (id, name, family, hyperparameters, dataset, label_names, data_spec, preprocess, metrics,
             run_id, epoch, step, state, models, path, created_at, lineage)
           VALUES (@id, @name, @family, @hyperparameters, @dataset, @label_names, @data_spec, @preprocess, @metrics,
             @run_id, @epoch, @step, @state, @models, @path, @created_at, @lineage)`,
        )
        .run(row);
    } catch (error) {
      fs.rmSync(path.join(this.db.paths.home, checkpoint.path), { recursive: true, force: true });
      throw wrapError(error, 'STORAGE_ERROR', `Cannot record checkpoint ${checkpoint.name}`, { path: 'checkpoint', value: checkpoint.name });
    }
  }

  resolve(ref: string): CheckpointRecord {
    const record = this.find(ref);
    if (!record) {
      throw new AtelierError('CHECKPOINT_NOT_FOUND', `No checkpoint with id or name "${ref}"`, { path: 'checkpoint', value: ref });
    }
    return record;
  }

  remove(ref: string): CheckpointRecord {
    const record = this.resolve(ref);
    // The row goes first: a crash between the two leaves an unreferenced folder, never a row without files.
    this.db.sql.prepare('DELETE FROM checkpoints WHERE id = ?').run(record.id);
    fs.rmSync(path.join(this.db.paths.home, record.path), { recursive: true, force: true });
    return record;
  }

  find(ref: string): CheckpointRecord | null {
    const row = (this.db.sql.prepare('SELECT * FROM checkpoints WHERE id = ?').get(ref) ??
      this.db.sql.prepare('SELECT * FROM checkpoints WHERE name = ? ORDER BY created_at DESC, rowid DESC LIMIT 1').get(ref)) as
      | CheckpointRow
      | undefined;
    return row ? toCheckpointRecord(row) : null;
  }

  list(filter: { family?: string; runId?: string } = {}): CheckpointRecord[] {
    const clauses: string[] = [];
    const params: string[] = [];
    if (filter.family !== undefined) {
      clauses.push('family = ?');
      params.push(filter.family);
    }
    if (filter.runId !== undefined) {
      clauses.push('run_id = ?');
      params.push(filter.runId);
    }
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    const rows = this.db.sql.prepare(`SELECT * FROM checkpoints ${where} ORDER BY created_at DESC, rowid DESC`).all(...params) as CheckpointRow[];
    return rows.map(toCheckpointRecord);
  }

  loadModels(record: CheckpointRecord): Promise<Record<string, LayersModel>> {
    return loadCheckpointModels(this.db.paths, record);
  }
}
