import fs from 'node:fs';
import path from 'node:path';
import { inject, injectable } from 'tsyringe';
import { AtelierError, type ImageMeta } from '@atelier/plugin-api';
import { Tokens, type Clock } from '../tokens.js';
import type { Database } from './records.js';
import { stepCachePathPattern } from './step-cache-files.js';

/** A stored step output: where its values are and what the step recorded beside its images. */
export interface StepCacheEntry {
  signature: string;
  use: string;
  /** `cache/<signature>.bin`, relative to home. */
  path: string;
  bytes: number;
  imageMeta: ImageMeta[];
  records: Record<string, unknown>;
}

interface StepCacheRow {
  signature: string;
  use: string;
  path: string;
  bytes: number;
  image_meta: string;
  records: string;
}

/** The step cache's index: what the facade looks up when planning a run and records as workers report. */
export interface StepCache {
  lookup(signature: string): StepCacheEntry | null;
  record(entry: StepCacheEntry, maxBytes: number): void;
}

/**
 * The step cache's index in SQLite (one writer: the API process), bounded by `maxBytes` with
 * least-recently-used eviction. Entries point at files a worker wrote under `cache/`.
 */
@injectable()
export class SqliteStepCache implements StepCache {
  constructor(
    @inject(Tokens.Database) private readonly db: Database,
    @inject(Tokens.Clock) private readonly clock: Clock,
  ) {}

  lookup(signature: string): StepCacheEntry | null {
    const row = this.db.sql.prepare('SELECT * FROM step_cache WHERE signature = ?').get(signature) as StepCacheRow | undefined;
    if (!row) return null;
    if (!fs.existsSync(path.join(this.db.paths.home, row.path))) {
      this.db.sql.prepare('DELETE FROM step_cache WHERE signature = ?').run(signature);
      return null;
    }
    this.touch(signature);
    return { signature: row.signature, use: row.use, path: row.path, bytes: row.bytes, imageMeta: JSON.parse(row.image_meta), records: JSON.parse(row.records) };
  }

  record(entry: StepCacheEntry, maxBytes: number): void {
    if (!stepCachePathPattern.test(entry.path) || entry.path !== `cache/${entry.signature}.bin`) {
      throw new AtelierError('STORAGE_ERROR', `Step cache path ${JSON.stringify(entry.path)} is not one core writes`, { path: 'path' });
    }
    const now = this.clock.now().toISOString();
    this.db.sql
      .prepare(
        `INSERT INTO step_cache (signature, use, path, bytes, image_meta, records, created_at, last_used_at, used_seq)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(used_seq), 0) + 1 FROM step_cache))
         ON CONFLICT (signature) DO UPDATE SET bytes = excluded.bytes, last_used_at = excluded.last_used_at, used_seq = excluded.used_seq`,
      )
      .run(entry.signature, entry.use, entry.path, entry.bytes, JSON.stringify(entry.imageMeta), JSON.stringify(entry.records), now, now);
    this.evict(maxBytes);
  }

  /** Bytes the cache's files take, as recorded. */
  totalBytes(): number {
    return (this.db.sql.prepare('SELECT COALESCE(SUM(bytes), 0) AS n FROM step_cache').get() as { n: number }).n;
  }

  /** Drops least recently used entries (rows first, then files) until the rest fit in `maxBytes`. */
  evict(maxBytes: number): string[] {
    const evicted = this.db.sql.transaction(() => {
      let total = this.totalBytes();
      const rows = this.db.sql.prepare('SELECT signature, path, bytes FROM step_cache ORDER BY last_used_at, used_seq').all() as StepCacheRow[];
      const dropped: StepCacheRow[] = [];
      for (const row of rows) {
        if (total <= maxBytes) break;
        this.db.sql.prepare('DELETE FROM step_cache WHERE signature = ?').run(row.signature);
        total -= row.bytes;
        dropped.push(row);
      }
      return dropped;
    })();
    // A worker that was handed an evicted entry finds no file and computes the step instead.
    for (const row of evicted) fs.rmSync(path.join(this.db.paths.home, row.path), { force: true });
    return evicted.map((row) => row.signature);
  }

  private touch(signature: string): void {
    this.db.sql
      .prepare('UPDATE step_cache SET last_used_at = ?, used_seq = (SELECT COALESCE(MAX(used_seq), 0) + 1 FROM step_cache) WHERE signature = ?')
      .run(this.clock.now().toISOString(), signature);
  }
}
