import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes `data` to a fresh name under `tmpDir`, fsyncs it and renames it to `target`: readers see
 * the old file or the whole new one, never a torn write. The temp file is removed on failure.
 */
export function writeFileAtomic(tmpDir: string, target: string, data: Uint8Array): void {
  const temp = path.join(tmpDir, crypto.randomUUID());
  try {
    writeFileSynced(temp, data);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  syncDirectory(path.dirname(target));
}

/** Writes and fsyncs a file so a later rename publishes durable bytes. */
export function writeFileSynced(file: string, data: Uint8Array): void {
  const fd = fs.openSync(file, 'w');
  try {
    // writeSync may write fewer bytes than asked; loop until all are out.
    for (let offset = 0; offset < data.byteLength; ) offset += fs.writeSync(fd, data, offset);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a rename durable; some platforms (Windows) cannot open a directory, where this is a no-op. */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Directory fsync is best effort: the rename itself is already atomic.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
