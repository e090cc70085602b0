import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inject, injectable } from 'tsyringe';
import { AtelierError, wrapError } from '../errors.js';
import { Tokens, type Clock } from '../tokens.js';
import { toArtifactRecord, type ArtifactRow } from './artifact-rows.js';
import { writeFileAtomic } from './atomic-file.js';
import { toJson } from './json-column.js';
import type { ArtifactRecord, ArtifactStore, Database, NewArtifact } from './records.js';

/** File extensions by MIME type; the stored name never takes anything from the caller's file name. */
const extensions: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'application/json': 'json',
  'text/csv': 'csv',
  'text/plain': 'txt',
};

/** Artifact files under `artifacts/<runId>/<artifactId>.<ext>`, each recorded after its file is in place. */
@injectable()
export class FileArtifactStore implements ArtifactStore {
  constructor(
    @inject(Tokens.Database) private readonly db: Database,
    @inject(Tokens.Clock) private readonly clock: Clock,
  ) {}

  write(input: NewArtifact): ArtifactRecord {
    const run = this.db.sql.prepare('SELECT id FROM runs WHERE id = ?').get(input.runId) as { id: string } | undefined;
    if (!run) throw new AtelierError('NOT_FOUND', `No run with id ${input.runId}`, { path: 'runId', value: input.runId });
    const id = crypto.randomUUID();
    // Both ids come from our own rows or randomUUID, so the path cannot leave the artifacts folder.
    const relative = ['artifacts', run.id, `${id}.${extensions[input.mime] ?? 'bin'}`].join('/');
    const absolute = path.join(this.db.paths.home, relative);
    try {
      writeFileAtomic(this.db.paths.tmp, absolute, input.data);
    } catch (error) {
      throw wrapError(error, 'STORAGE_ERROR', `Cannot write artifact ${input.name}`, { path: relative });
    }
    const row: ArtifactRow = {
      id,
      run_id: run.id,
      step_id: input.stepId,
      kind: input.kind,
      name: input.name,
      mime: input.mime,
      path: relative,
      bytes: input.data.byteLength,
      sha256: crypto.createHash('sha256').update(input.data).digest('hex'),
      width: input.width ?? null,
      height: input.height ?? null,
      idx: input.index ?? null,
      meta: toJson(input.meta ?? null),
      created_at: this.clock.now().toISOString(),
    };
    try {
      this.db.sql
        .prepare(
          `INSERT INTO artifacts (id, run_id, step_id, kind, name, mime, path, bytes, sha256, width, height, idx, meta, created_at)
           VALUES (@id, @run_id, @step_id, @kind, @name, @mime, @path, @bytes, @sha256, @width, @height, @idx, @meta, @created_at)`,
        )
        .run(row);
    } catch (error) {
      // No row will ever point at this file, so it must not outlive the failed insert.
      fs.rmSync(absolute, { force: true });
      throw wrapError(error, 'STORAGE_ERROR', `Cannot record artifact ${input.name}`, { path: relative });
    }
    return toArtifactRecord(row);
  }

  get(id: string): ArtifactRecord | null {
    const row = this.db.sql.prepare('SELECT * FROM artifacts WHERE id = ?').get(id) as ArtifactRow | undefined;
    return row ? toArtifactRecord(row) : null;
  }

  list(runId: string): ArtifactRecord[] {
    const rows = this.db.sql.prepare('SELECT * FROM artifacts WHERE run_id = ? ORDER BY created_at, rowid').all(runId) as ArtifactRow[];
    return rows.map(toArtifactRecord);
  }

  absolutePath(record: ArtifactRecord): string {
    return path.join(this.db.paths.home, record.path);
  }
}
