import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { homePaths, wrapError, type Atelier, type CheckpointRecord, type Logger } from '@atelier/core';
import { importMnist } from '../datasets/mnist.js';
import { defaultDatasets } from './catalog.js';
import { defaultsFolder, listDefaultCheckpoints, type DefaultCheckpointFile } from './default-checkpoint.js';

/** The repository's example pipelines and the images they load: `examples/pipelines/`. */
export const examplesFolder = fileURLToPath(new URL('../../../../examples/pipelines/', import.meta.url));


const imageFile = /\.(png|jpe?g)$/i;

/** The example images (`examples/pipelines/*.png`), stored as a data set so pipelines load them by name on the CLI and the server alike. */
export const examplePhotosDataset = 'example-photos';

export interface InstallOptions {
  /** Default checkpoints (`<name>/checkpoint.json` + model folders); default: the committed ones. */
  folder?: string;
  /** Example pipelines (`*.json`) and the images they load; default: `examples/pipelines/`. */
  examples?: string;
  logger?: Logger;
}

export interface Installed {
  checkpoints: string[];
  datasets: string[];
  pipelines: string[];
}

/**
 * Gives a home what it needs to work out of the box: the default checkpoints, the MNIST data sets
 * they came from and the example pipelines. Only what is missing by name is added, so a user's own
 * checkpoint, data set or pipeline of the same name is never replaced, and a second call adds nothing.
 */
export async function installDefaults(atelier: Atelier, options: InstallOptions = {}): Promise<Installed> {
  const logger = options.logger ?? atelier.logger;
  const installed: Installed = { checkpoints: [], datasets: [], pipelines: [] };
  const folder = options.folder ?? defaultsFolder;
  for (const file of listDefaultCheckpoints(folder)) {
    if (atelier.checkpoints.find(file.name)) continue;
    installCheckpoint(atelier, file, folder);
    installed.checkpoints.push(file.name);
  }
  installed.datasets.push(...(await installDatasets(atelier)));
  const examples = options.examples ?? examplesFolder;
  if (fs.existsSync(examples)) {
    if (await importExampleImages(atelier, examples)) installed.datasets.push(examplePhotosDataset);
    installed.pipelines = saveExamplePipelines(atelier, examples);
  }
  if (installed.checkpoints.length + installed.datasets.length + installed.pipelines.length > 0) logger.info(installed, 'defaults installed');
  return installed;
}

/** Copies the model folders beside the home's checkpoints, publishes them with one rename, then records the row. */
export function installCheckpoint(atelier: Atelier, file: DefaultCheckpointFile, folder: string): CheckpointRecord {
  const paths = homePaths(atelier.config.home);
  const id = crypto.randomUUID();
  const staging = path.join(paths.tmp, id);
  try {
    for (const model of file.models) fs.cpSync(path.join(folder, file.name, model), path.join(staging, model), { recursive: true });
    fs.renameSync(staging, path.join(paths.checkpoints, id));
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw wrapError(error, 'STORAGE_ERROR', `Cannot install default checkpoint ${file.name}`, { path: 'checkpoint', value: file.name });
  }
  const record: CheckpointRecord = {
    id,
    name: file.name,
    family: file.family,
    hyperparameters: file.hyperparameters,
    dataset: file.dataset,
    labelNames: file.labelNames,
    dataSpec: file.dataSpec,
    preprocess: file.preprocess,
    metrics: file.metrics,
    runId: null,
    epoch: file.epoch,
    step: file.step,
    state: file.state,
    models: file.models,
    path: `checkpoints/${id}`,
    createdAt: new Date().toISOString(),
    lineage: { ...file.lineage },
  };
  atelier.checkpoints.record(record);
  return record;
}

/** Imports the MNIST parts the defaults were trained and judged on, where missing; returns their names. */
export async function installDatasets(atelier: Atelier): Promise<string[]> {
  const imported: string[] = [];
  for (const { name, split } of defaultDatasets) {
    if (atelier.datasets.get(name)) continue;
    await importMnist(atelier.datasets, { name, split });
    imported.push(name);
  }
  return imported;
}

async function importExampleImages(atelier: Atelier, examples: string): Promise<boolean> {
  const files = fs.readdirSync(examples).filter((entry) => imageFile.test(entry)).sort();
  if (files.length === 0 || atelier.datasets.get(examplePhotosDataset)) return false;
  await atelier.datasets.importImages(examplePhotosDataset, files.map((file) => ({ data: fs.readFileSync(path.join(examples, file)) })));
  return true;
}

/**
 * Saves each example not yet saved under its name. Not validated here: an example may name a default
 * that is still missing, and a run reports that.
 */
function saveExamplePipelines(atelier: Atelier, examples: string): string[] {
  const saved: string[] = [];
  for (const entry of fs.readdirSync(examples).filter((name) => name.endsWith('.json')).sort()) {
    const spec = readExample(path.join(examples, entry));
    const name = typeof spec.name === 'string' ? spec.name : path.basename(entry, '.json');
    if (atelier.pipelines.get(name)) continue;
    atelier.pipelines.save(name, { ...spec, name });
    saved.push(name);
  }
  return saved;
}

function readExample(file: string): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw wrapError(error, 'BAD_USER_INPUT', `Example pipeline ${file} is not readable JSON`, { path: file });
  }
}
