import type { Migration } from './migration.js';

/**
 * The step cache (signature → a stored step output), batches of runs, and the `cached` step status.
 * SQLite cannot widen a CHECK constraint in place, so `run_steps` is rebuilt with its rows copied.
 */
export const stepCacheBatchesMigration: Migration = {
  version: 2,
  name: 'step-cache-batches',
  changesExistingTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE run_steps_v2 (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        step_id TEXT NOT NULL,
        idx INTEGER NOT NULL,
        use TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'cached', 'failed', 'canceled', 'skipped')),
        started_at TEXT,
        finished_at TEXT,
        duration_ms INTEGER,
        error TEXT,
        records TEXT NOT NULL DEFAULT '{}',
        image_meta TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (run_id, step_id)
      );
      INSERT INTO run_steps_v2 SELECT run_id, step_id, idx, use, status, started_at, finished_at, duration_ms, error, records, image_meta FROM run_steps;
      DROP TABLE run_steps;
      ALTER TABLE run_steps_v2 RENAME TO run_steps;

      CREATE TABLE step_cache (
        signature TEXT PRIMARY KEY,
        use TEXT NOT NULL,
        -- The step's float32 output, losslessly, relative to the home folder: cache/<signature>.bin
        path TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        image_meta TEXT NOT NULL,
        records TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_used_at TEXT NOT NULL,
        -- Ties in last_used_at (one clock tick) are broken by use order.
        used_seq INTEGER NOT NULL
      );
      CREATE INDEX step_cache_lru ON step_cache (last_used_at, used_seq);

      CREATE TABLE batches (
        id TEXT PRIMARY KEY,
        name TEXT,
        spec TEXT NOT NULL,
        sweep TEXT NOT NULL,
        size INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );
      ALTER TABLE runs ADD COLUMN batch_id TEXT REFERENCES batches (id) ON DELETE SET NULL;
      CREATE INDEX runs_batch ON runs (batch_id, seq);
    `);
  },
};
