import crypto from 'node:crypto';
import fs from 'node:fs';
import { type CheckpointRecord, type DatasetRecord, deriveSeed } from '@atelier/plugin-api';
import type { PlannedStep } from './validate.js';

/** What a signature is made of besides the step itself; the API process answers from its stores. */
export interface SignatureSources {
  /** `name@version` of the plugin contributing a component. */
  pluginOf(componentId: string): string;
  checkpoint(ref: string): CheckpointRecord | null;
  /** Digest of a checkpoint's files (they never change once written, so callers may memoise it). */
  checkpointHash(record: CheckpointRecord): string;
  dataset(name: string): DatasetRecord | null;
  backend: string;
}

/** JSON with object keys sorted at every level, so equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Size and modification time of the files a step reads (`with.paths`); null when one cannot be read. */
function inputFileStamps(params: Record<string, unknown>): { path: string; bytes: number; mtimeMs: number }[] | null {
  const paths = Array.isArray(params.paths) ? params.paths.filter((p): p is string => typeof p === 'string') : [];
  try {
    return paths.map((file) => {
      const stat = fs.statSync(file);
      return { path: file, bytes: stat.size, mtimeMs: stat.mtimeMs };
    });
  } catch {
    return null;
  }
}

/**
 * Each step's cache signature: a digest of its component and plugin version, validated parameters,
 * its inputs' signatures, the checkpoint (id and content hash), the data set or input files it
 * reads, the checkpoint's training data set, the step seed and the engine backend. Null means "never cached": the step or run says
 * `cache: false`, or something it reads cannot be pinned down; a step fed by an uncached step is
 * uncached too, since its input may differ from run to run.
 */
export function stepSignatures(steps: Pick<PlannedStep, 'step' | 'params' | 'from'>[], run: { seed: number; cache: boolean }, sources: SignatureSources): Map<string, string | null> {
  const signatures = new Map<string, string | null>();
  for (const { step, params, from } of steps) {
    const inputs = from.map((id) => signatures.get(id) ?? null);
    const files = inputFileStamps(params);
    if (!run.cache || step.cache === false || inputs.includes(null) || files === null) {
      signatures.set(step.id, null);
      continue;
    }
    const record = typeof params.checkpoint === 'string' ? sources.checkpoint(params.checkpoint) : null;
    const datasetStamp = (name: unknown) => {
      const dataset = typeof name === 'string' ? sources.dataset(name) : null;
      return dataset && { name: dataset.name, count: dataset.count, createdAt: dataset.createdAt };
    };
    const parts = {
      use: step.use,
      plugin: sources.pluginOf(step.use),
      params,
      inputs,
      checkpoint: record && { id: record.id, hash: sources.checkpointHash(record) },
      dataset: datasetStamp(params.dataset),
      // A component may read the data its checkpoint was trained on (vae.generate's fitted prior), so
      // replacing that data set under the same name is a miss too.
      checkpointDataset: datasetStamp(record?.dataset),
      files,
      seed: deriveSeed(run.seed, step.id),
      backend: sources.backend,
    };
    signatures.set(step.id, crypto.createHash('sha256').update(canonicalJson(parts)).digest('hex'));
  }
  return signatures;
}
