import crypto from 'node:crypto';
import path from 'node:path';
import { wrapError } from '@atelier/plugin-api';
import { writeFileAtomic } from './atomic-file.js';
import type { ArtifactRecord, HomePaths, NewArtifact } from '../contracts/records.js';

/** File extensions by MIME type; the stored name never takes anything from the caller's file name. */
const extensions: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'application/json': 'json',
  'text/csv': 'csv',
  'text/plain': 'txt',
};

/**
 * Puts an artifact's file in place under `artifacts/<runId>/<artifactId>.<ext>` (temp name, fsync,
 * rename) and describes it; recording the row is the API process's job. Works without the database,
 * so worker processes write their own artifacts.
 */
export function writeArtifactFile(paths: HomePaths, input: NewArtifact, now: Date): ArtifactRecord {
  const id = crypto.randomUUID();
  // The run id comes from our own rows and the artifact id from randomUUID: the path cannot leave artifacts/.
  const relative = ['artifacts', input.runId, `${id}.${extensions[input.mime] ?? 'bin'}`].join('/');
  try {
    writeFileAtomic(paths.tmp, path.join(paths.home, relative), input.data);
  } catch (error) {
    throw wrapError(error, 'STORAGE_ERROR', `Cannot write artifact ${input.name}`, { path: relative });
  }
  return {
    id,
    runId: input.runId,
    stepId: input.stepId,
    kind: input.kind,
    name: input.name,
    mime: input.mime,
    path: relative,
    bytes: input.data.byteLength,
    sha256: crypto.createHash('sha256').update(input.data).digest('hex'),
    width: input.width ?? null,
    height: input.height ?? null,
    index: input.index ?? null,
    meta: input.meta ?? null,
    createdAt: now.toISOString(),
  };
}
