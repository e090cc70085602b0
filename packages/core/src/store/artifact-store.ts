import fs from 'node:fs';
import path from 'node:path';
import { inject, injectable } from 'tsyringe';
import { AtelierError, wrapError } from '@atelier/plugin-api';
import { Tokens, type Clock } from '../contracts/tokens.js';
import { toArtifactRecord, type ArtifactRow } from './artifact-rows.js';
import { writeArtifactFile } from './artifact-files.js';
import { toJson } from './json-column.js';
import type { ArtifactRecord, ArtifactStore, Database, NewArtifact } from '../contracts/records.js';
import { runNotFound } from './run-not-found.js';

/** The only paths `writeArtifactFile` produces; a reported artifact must match before it is recorded. */
const artifactPath = /^artifacts\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.[a-z]{2,4}$/;

/** Artifact files under `artifacts/<runId>/<artifactId>.<ext>`, each recorded after its file is in place. */
@injectable()
export class FileArtifactStore implements ArtifactStore {
  constructor(
    @inject(Tokens.Database) private readonly db: Database,
    @inject(Tokens.Clock) private readonly clock: Clock,
  ) {}

  write(input: NewArtifact): ArtifactRecord {
    const run = this.db.sql.prepare('SELECT id FROM runs WHERE id = ?').get(input.runId) as { id: string } | undefined;
    if (!run) throw runNotFound(input.runId);
    const artifact = writeArtifactFile(this.db.paths, input, this.clock.now());
    this.record(artifact);
    return artifact;
  }

  record(artifact: ArtifactRecord): void {
    if (!artifactPath.test(artifact.path) || !artifact.path.startsWith(`artifacts/${artifact.runId}/`)) {
      throw new AtelierError('STORAGE_ERROR', `Artifact path ${JSON.stringify(artifact.path)} is not one core writes`, { path: 'path' });
    }
    const row: ArtifactRow = {
      id: artifact.id,
      run_id: artifact.runId,
      step_id: artifact.stepId,
      kind: artifact.kind,
      name: artifact.name,
      mime: artifact.mime,
      path: artifact.path,
      bytes: artifact.bytes,
      sha256: artifact.sha256,
      width: artifact.width,
      height: artifact.height,
      idx: artifact.index,
      meta: toJson(artifact.meta),
      created_at: artifact.createdAt,
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
      fs.rmSync(this.absolutePath(artifact), { force: true });
      throw wrapError(error, 'STORAGE_ERROR', `Cannot record artifact ${artifact.name}`, { path: artifact.path });
    }
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
