import fs from 'node:fs/promises';
import path from 'node:path';
import { AtelierError } from '@atelier/plugin-api';

/** Bytes of every file under the home folder (database, artifacts, checkpoints, data sets). */
export async function homeBytes(home: string): Promise<number> {
  let total = 0;
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await visit(full);
      else if (entry.isFile()) total += (await fs.lstat(full).catch(() => ({ size: 0 }))).size;
    }
  };
  await visit(home);
  return total;
}

/** Refuses, before anything is written, a write that would take the home past `limits.maxHomeBytes`. */
export async function assertHomeRoom(home: string, bytes: number, maxHomeBytes: number, what: string): Promise<void> {
  const used = await homeBytes(home);
  if (used + bytes > maxHomeBytes) {
    throw new AtelierError('LIMIT_EXCEEDED', `${what} needs ${bytes} bytes; the home holds ${used} of its ${maxHomeBytes}-byte budget`, {
      limit: maxHomeBytes,
      setting: 'limits.maxHomeBytes',
    });
  }
}
