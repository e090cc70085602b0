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

/** Reads an image's provenance; IMAGE_INVALID when it is no PNG Atelier made. */
export function readProvenance(png: Buffer): ImageProvenance {
  const text = readPngText(png);
  const missing = Object.values(keys).filter((key) => text[key] === undefined);
  if (missing.length > 0) {
    throw new AtelierError('IMAGE_INVALID', `The image carries no Atelier provenance (missing ${missing.join(', ')})`, { path: 'image', missing });
  }
  try {
    return {
      runId: text[keys.runId],
      spec: JSON.parse(text[keys.spec]),
      seed: Number(text[keys.seed]),
      step: text[keys.step],
      checkpoints: JSON.parse(text[keys.checkpoints]),
      engine: text[keys.engine],
    };
  } catch (error) {
    throw new AtelierError('IMAGE_INVALID', `The image's Atelier provenance is not valid JSON`, { path: 'image' }, { cause: error });
  }
}

/**
 * The spec that re-runs an image's pipeline: its own spec and seed, with each checkpoint named by
 * the id it resolved to then, so a newer checkpoint of the same name does not change the result.
 */
export function rerunSpec(provenance: ImageProvenance): { spec: Record<string, unknown>; seed: number } {
  const steps = (provenance.spec.steps as { id: string; with?: Record<string, unknown> }[] | undefined) ?? [];
  const pinned = steps.map((step) => (provenance.checkpoints[step.id] ? { ...step, with: { ...step.with, checkpoint: provenance.checkpoints[step.id] } } : step));
  return { spec: { ...provenance.spec, steps: pinned, seed: provenance.seed }, seed: provenance.seed };
}

/** What goes into every PNG a run stores. */
export function runProvenance(run: RunRecord, step: string, checkpoints: Record<string, string>, engine: string): ImageProvenance {
  return { runId: run.id, spec: run.spec, seed: run.seed, step, checkpoints, engine };
}
