import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AtelierError, type CheckpointRecord, type LayersModel, tf, wrapError } from '@atelier/plugin-api';
import { syncDirectory } from './atomic-file.js';
import type { HomePaths, NewCheckpoint } from '../contracts/records.js';
import { fileLoadHandler, fileSaveHandler } from './tfjs-io.js';

/** Model names become folder names, so they are held to a safe alphabet. */
const modelNamePattern = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Saves a checkpoint's models as `checkpoints/<id>/<model>/{model.json,weights.bin}` and describes
 * it; the API process records the row. Needs no database, so worker processes save their own.
 */
export async function saveCheckpointFiles<H>(paths: HomePaths, input: NewCheckpoint<H>, now: Date): Promise<CheckpointRecord<H>> {
  const names = Object.keys(input.models);
  const badName = names.find((name) => !modelNamePattern.test(name));
  if (names.length === 0 || badName !== undefined) {
    throw new AtelierError('BAD_USER_INPUT', `A checkpoint needs one or more models named like ${modelNamePattern}; got ${JSON.stringify(names)}`, {
      path: 'models',
      value: badName ?? null,
    });
  }
  const id = crypto.randomUUID();
  const staging = path.join(paths.tmp, id);
  const relative = `checkpoints/${id}`;
  try {
    for (const name of names) await input.models[name].save(fileSaveHandler(path.join(staging, name)));
    // One rename publishes every model at once: a reader never sees half a checkpoint.
    fs.renameSync(staging, path.join(paths.home, relative));
    syncDirectory(paths.checkpoints);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw wrapError(error, 'STORAGE_ERROR', `Cannot write checkpoint ${input.name}`, { path: 'checkpoint', value: input.name });
  }
  const { models: _models, lineage, ...fields } = input;
  return { ...fields, id, models: names, path: relative, createdAt: now.toISOString(), lineage: lineage ?? null };
}

/** Loads a checkpoint's models with core's IO handler (every backend). */
export async function loadCheckpointModels(paths: HomePaths, record: CheckpointRecord): Promise<Record<string, LayersModel>> {
  const loaded: Record<string, LayersModel> = {};
  try {
    for (const name of record.models) {
      if (!modelNamePattern.test(name)) throw new Error(`invalid model name ${JSON.stringify(name)}`);
      loaded[name] = await tf.loadLayersModel(fileLoadHandler(path.join(paths.home, record.path, name)));
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
