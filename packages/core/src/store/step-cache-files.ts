import fs from 'node:fs';
import path from 'node:path';
import { AtelierError, wrapError } from '@atelier/plugin-api';
import { writeFileAtomic } from './atomic-file.js';
import type { HomePaths } from '../contracts/records.js';
import type { StoredStepOutput } from '../contracts/step-cache.js';

/** Signatures are sha256 hex digests, so a cache path can only ever be `cache/<64 hex>.bin`. */
const signaturePattern = /^[0-9a-f]{64}$/;
export const stepCachePathPattern = /^cache\/[0-9a-f]{64}\.bin$/;

export function stepCachePath(signature: string): string {
  if (!signaturePattern.test(signature)) throw new AtelierError('INTERNAL', `Not a step signature: ${JSON.stringify(signature)}`);
  return `cache/${signature}.bin`;
}

/**
 * Writes a step's output losslessly (a 4-int32 shape header, then the raw float32 values), so a
 * later run's downstream steps read bit for bit the tensor this run's did; PNGs, being 8-bit, could
 * not give that. Returns the path relative to home and the bytes written. No database needed: the
 * worker writes, the API process records.
 */
export function writeStepOutput(paths: HomePaths, signature: string, output: StoredStepOutput): { path: string; bytes: number } {
  const relative = stepCachePath(signature);
  const header = Buffer.from(Int32Array.from(output.shape).buffer);
  const body = Buffer.from(output.values.buffer, output.values.byteOffset, output.values.byteLength);
  const data = Buffer.concat([header, body]);
  try {
    writeFileAtomic(paths.tmp, path.join(paths.home, relative), data);
  } catch (error) {
    throw wrapError(error, 'STORAGE_ERROR', `Cannot write the step cache file ${relative}`, { path: relative });
  }
  return { path: relative, bytes: data.byteLength };
}

/** Reads what `writeStepOutput` wrote; throws STORAGE_ERROR for a missing or torn file. */
export function readStepOutput(paths: HomePaths, relative: string): StoredStepOutput {
  if (!stepCachePathPattern.test(relative)) throw new AtelierError('STORAGE_ERROR', `Not a step cache path: ${JSON.stringify(relative)}`);
  let data: Buffer;
  try {
    data = fs.readFileSync(path.join(paths.home, relative));
  } catch (error) {
    throw wrapError(error, 'STORAGE_ERROR', `Cannot read the step cache file ${relative}`, { path: relative });
  }
  const aligned = new Uint8Array(data).buffer;
  const shape = Array.from(new Int32Array(aligned, 0, 4)) as StoredStepOutput['shape'];
  const values = new Float32Array(aligned, 16);
  if (shape.some((n) => n <= 0) || values.length !== shape.reduce((a, b) => a * b, 1)) {
    throw new AtelierError('STORAGE_ERROR', `The step cache file ${relative} is damaged`, { path: relative });
  }
  return { shape, values };
}
