import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { syncDirectory, writeFileAtomic, writeFileSynced } from '../store/atomic-file.js';
import type { HomePaths } from '../contracts/records.js';

export const pixelsFile = 'pixels.bin';
export const labelsFile = 'labels.bin';

function labelBytes(labels: Int32Array): Uint8Array {
  return new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength);
}

/**
 * Publishes a new data set folder in one rename from `tmp/`. A folder left without its row by an
 * earlier crash is garbage (the row is the truth), so it is replaced.
 */
export function writeDatasetFolder(paths: HomePaths, name: string, pixels: Uint8Array, labels: Int32Array): string {
  const staging = path.join(paths.tmp, crypto.randomUUID());
  const final = path.join(paths.datasets, name);
  try {
    fs.mkdirSync(staging);
    writeFileSynced(path.join(staging, pixelsFile), pixels);
    writeFileSynced(path.join(staging, labelsFile), labelBytes(labels));
    fs.rmSync(final, { recursive: true, force: true });
    fs.renameSync(staging, final);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  syncDirectory(paths.datasets);
  return final;
}

/**
 * Replaces both files of an existing set, each atomically. The new files start with the old bytes
 * and readers take only `count` images (from the row, updated last), so a crash between the two
 * renames still leaves a consistent set.
 */
export function rewriteDatasetFiles(paths: HomePaths, name: string, pixels: Uint8Array, labels: Int32Array): void {
  const folder = path.join(paths.datasets, name);
  writeFileAtomic(paths.tmp, path.join(folder, pixelsFile), pixels);
  writeFileAtomic(paths.tmp, path.join(folder, labelsFile), labelBytes(labels));
}

/** The first `count` images of a set, exactly as stored. */
export function readDatasetFiles(paths: HomePaths, name: string, count: number, imageBytes: number): { pixels: Uint8Array; labels: Int32Array } {
  const folder = path.join(paths.datasets, name);
  const pixelData = fs.readFileSync(path.join(folder, pixelsFile));
  const labelData = fs.readFileSync(path.join(folder, labelsFile));
  if (pixelData.byteLength < count * imageBytes || labelData.byteLength < count * 4) {
    throw new Error(`the files hold fewer than the ${count} images recorded`);
  }
  // Copies: Int32Array needs 4-byte alignment, which a pooled Buffer does not promise.
  const pixels = new Uint8Array(pixelData.subarray(0, count * imageBytes));
  const labels = new Int32Array(count);
  labelBytes(labels).set(labelData.subarray(0, count * 4));
  return { pixels, labels };
}

export function datasetFilesVersion(paths: HomePaths, name: string): number {
  return fs.statSync(path.join(paths.datasets, name, pixelsFile)).mtimeMs;
}
