import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { HomePaths } from '../contracts/records.js';
import type { CheckpointRecord } from '@atelier/plugin-api';

/** sha256 over a checkpoint folder's files (names and contents, in name order). */
export function hashCheckpointFiles(paths: HomePaths, record: CheckpointRecord): string {
  const folder = path.join(paths.home, record.path);
  const hash = crypto.createHash('sha256');
  const files = (fs.readdirSync(folder, { recursive: true }) as string[]).map(String).sort();
  for (const file of files) {
    const full = path.join(folder, file);
    if (!fs.statSync(full).isFile()) continue;
    hash.update(file).update('\0').update(fs.readFileSync(full)).update('\0');
  }
  return hash.digest('hex');
}
