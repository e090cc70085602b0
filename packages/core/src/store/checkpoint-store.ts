import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inject, injectable } from 'tsyringe';
import { tf, type LayersModel } from '../engine/tf.js';
import { AtelierError, wrapError } from '../errors.js';
import { Tokens, type Clock } from '../tokens.js';
import { syncDirectory } from './atomic-file.js';
import { toCheckpointRecord, type CheckpointRow } from './checkpoint-rows.js';
import type { CheckpointRecord, CheckpointStore, Database } from './records.js';
import { fileLoadHandler, fileSaveHandler } from './tfjs-io.js';

/** Model names become folder names, so they are held to a safe alphabet. */
const modelNamePattern = /^[A-Za-z0-9_-]{1,64}$/;

/** Checkpoints as `checkpoints/<id>/<model>/{model.json,weights.bin}`, each recorded once its folder is complete. */
@injectable()
export class FileCheckpointStore implements CheckpointStore {
  constructor(
    @inject(Tokens.Database) private readonly db: Database,
    @inject(Tokens.Clock) private readonly clock: Clock,
  ) {}

  async save<H>(
    input: Omit<CheckpointRecord<H>, 'id' | 'path' | 'createdAt' | 'models'> & { models: Record<string, LayersModel> },
  ): Promise<CheckpointRecord<H>> {
    const names = Object.keys(input.models);
    const badName = names.find((name) => !modelNamePattern.test(name));
    if (names.length === 0 || badName !== undefined) {
      throw new AtelierError('BAD_USER_INPUT', `A checkpoint needs one or more models named like ${modelNamePattern}; got ${JSON.stringify(names)}`, {
        path: 'models',
        value: badName ?? null,
      });
    }
    const id = crypto.randomUUID();
    const staging = path.join(this.db.paths.tmp, id);
    const relative = `checkpoints/${id}`;
    const final = path.join(this.db.paths.home, relative);
    try {
      for (const name of names) await input.models[name].save(fileSaveHandler(path.join(staging, name)));
      // One rename publishes every model at once: a reader never sees half a checkpoint.
      fs.renameSync(staging, final);
      syncDirectory(this.db.paths.checkpoints);
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw wrapError(error, 'STORAGE_ERROR', `Cannot write checkpoint ${input.name}`, { path: 'checkpoint', value: input.name });
    }
    const row: CheckpointRow = {
      id,
      name: input.name,
      family: input.family,
      hyperparameters: JSON.stringify(input.hyperparameters ?? {}),
      dataset: input.dataset,
      label_names: JSON.stringify(input.labelNames),
      data_spec: JSON.stringify(input.dataSpec),
      preprocess: JSON.stringify(input.preprocess),
      metrics: JSON.stringify(input.metrics),
      run_id: input.runId,
      epoch: input.epoch,
      step: input.step,
      state: JSON.stringify(input.state),
      models: JSON.stringify(names),
      path: relative,
      created_at: this.clock.now().toISOString(),
    };
    try {
      this.db.sql
        .prepare(
          `INSERT INTO checkpoints (id, name, family, hyperparameters, dataset, label_names, data_spec, preprocess, metrics,
             run_id, epoch, step, state, models, path, created_at)
           VALUES (@id, @name, @family, @hyperparameters, @dataset, @label_names, @data_spec, @preprocess, @metrics,
             @run_id, @epoch, @step, @state, @models, @path, @created_at)`,
        )
        .run(row);
    } catch (error) {
      fs.rmSync(final, { recursive: true, force: true });
      throw wrapError(error, 'STORAGE_ERROR', `Cannot record checkpoint ${input.name}`, { path: 'checkpoint', value: input.name });
    }
    return toCheckpointRecord(row) as CheckpointRecord<H>;
  }

  resolve(ref: string): CheckpointRecord {
    const record = this.find(ref);
    if (!record) {
      throw new AtelierError('CHECKPOINT_NOT_FOUND', `No checkpoint with id or name "${ref}"`, { path: 'checkpoint', value: ref });
    }
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

  async loadModels(record: CheckpointRecord): Promise<Record<string, LayersModel>> {
    const loaded: Record<string, LayersModel> = {};
    try {
      for (const name of record.models) {
        if (!modelNamePattern.test(name)) throw new Error(`invalid model name ${JSON.stringify(name)}`);
        loaded[name] = await tf.loadLayersModel(fileLoadHandler(path.join(this.db.paths.home, record.path, name)));
      }
    } catch (error) {
      // Models loaded before the failure hold tensors nobody else will dispose.
      for (const model of Object.values(loaded)) model.dispose();
      throw wrapError(error, 'STORAGE_ERROR', `Cannot load checkpoint ${record.name} (${record.id})`, {
        path: 'checkpoint',
        value: record.id,
      });
    }
    return loaded;
  }
}
