import { AtelierError } from '@atelier/plugin-api';
import { addPngText, readPngText } from '../image/png-text.js';
import type { RunRecord } from '../contracts/records.js';

/** How an image was made, as its PNG text chunks carry it. */
export interface ImageProvenance {
  runId: string;
  /** The run's pipeline spec, seed included. */
  spec: Record<string, unknown>;
  seed: number;
  step: string;
  /** Checkpoint id each step's `with.checkpoint` resolved to. */
  checkpoints: Record<string, string>;
  /** The engine backend the image was computed on. */
  engine: string;
}

const keys = {
  runId: 'atelier:run',
  spec: 'atelier:spec',
  seed: 'atelier:seed',
  step: 'atelier:step',
  checkpoints: 'atelier:checkpoints',
  engine: 'atelier:engine',
} as const;

export function withProvenance(png: Buffer, provenance: ImageProvenance): Buffer {
  return addPngText(png, {
    [keys.runId]: provenance.runId,
    [keys.spec]: JSON.stringify(provenance.spec),
    [keys.seed]: String(provenance.seed),
    [keys.step]: provenance.step,
    [keys.checkpoints]: JSON.stringify(provenance.checkpoints),
    [keys.engine]: provenance.engine,
    Software: 'Atelier',
  });
}

/** Reads an image's provenance; IMAGE_INVALID when it is no PNG Atelier made, or its chunks are not what Atelier writes. */
export async function readProvenance(png: Buffer): Promise<ImageProvenance> {
  const text = await readPngText(png);
  const missing = Object.values(keys).filter((key) => text[key] === undefined);
  if (missing.length > 0) {
    throw new AtelierError('IMAGE_INVALID', `The image carries no Atelier provenance (missing ${missing.join(', ')})`, { path: 'image', missing });
  }
  const spec = parseObject(text, keys.spec);
  const checkpoints = parseObject(text, keys.checkpoints);
  const seed = Number(text[keys.seed]);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw invalidChunk(keys.seed, 'is not a seed (an integer in 0…2³²−1)');
  if (Object.values(checkpoints).some((id) => typeof id !== 'string')) throw invalidChunk(keys.checkpoints, 'maps a step to something other than a checkpoint id');
  return { runId: text[keys.runId], spec, seed, step: text[keys.step], checkpoints: checkpoints as Record<string, string>, engine: text[keys.engine] };
}

/** A chunk's JSON, which must be an object (`null`, a number or an array is no spec). */
function parseObject(text: Record<string, string>, key: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text[key]);
  } catch (error) {
    throw invalidChunk(key, 'is not valid JSON', error);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalidChunk(key, 'is not a JSON object');
  return value as Record<string, unknown>;
}

function invalidChunk(key: string, problem: string, cause?: unknown): AtelierError {
  return new AtelierError('IMAGE_INVALID', `The image's Atelier provenance is invalid: ${key} ${problem}`, { path: 'image', keyword: key }, { cause });
}

/**
 * The spec that re-runs an image's pipeline: its own spec and seed, with each checkpoint named by
 * the id it resolved to then, so a newer checkpoint of the same name does not change the result.
 */
export function rerunSpec(provenance: ImageProvenance): { spec: Record<string, unknown>; seed: number } {
  const { steps } = provenance.spec;
  // Own keys only: a step named `constructor` would otherwise pin Object as its checkpoint.
  const pin = (step: unknown) => {
    const { id, with: params } = (step ?? {}) as { id?: unknown; with?: Record<string, unknown> };
    return typeof id === 'string' && Object.hasOwn(provenance.checkpoints, id) ? { ...(step as object), with: { ...params, checkpoint: provenance.checkpoints[id] } } : step;
  };
  // Steps that are no list are left as they are, for validation to refuse with its own words.
  return { spec: { ...provenance.spec, ...(Array.isArray(steps) ? { steps: steps.map(pin) } : {}), seed: provenance.seed }, seed: provenance.seed };
}

/** What goes into every PNG a run stores. */
export function runProvenance(run: RunRecord, step: string, checkpoints: Record<string, string>, engine: string): ImageProvenance {
  return { runId: run.id, spec: run.spec, seed: run.seed, step, checkpoints, engine };
}
