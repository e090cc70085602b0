import type { Migration } from './migration.js';

/** Every table of the first release. JSON columns are TEXT; times are ISO-8601 UTC strings. */
export const initialMigration: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE runs (
        -- An explicit integer key keeps list order and cursors stable across VACUUM.
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('pipeline', 'training')),
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'canceled', 'interrupted')),
        name TEXT,
        spec TEXT NOT NULL,
        seed INTEGER NOT NULL,
        engine TEXT,
        error TEXT,
        result TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        -- "<host>:<pid>" of the process running it, so a start only interrupts runs of dead processes.
        worker TEXT
      );
      CREATE INDEX runs_created ON runs (created_at DESC, seq DESC);
      CREATE INDEX runs_status_created ON runs (status, created_at);
      CREATE INDEX runs_kind_created ON runs (kind, created_at);
      CREATE INDEX runs_name_created ON runs (name, created_at);

      CREATE TABLE run_steps (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        step_id TEXT NOT NULL,
        idx INTEGER NOT NULL,
        use TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'canceled', 'skipped')),
        started_at TEXT,
        finished_at TEXT,
        duration_ms INTEGER,
        error TEXT,
        records TEXT NOT NULL DEFAULT '{}',
        image_meta TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (run_id, step_id)
      );

      CREATE TABLE artifacts (
        id TEXT PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        step_id TEXT,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        mime TEXT NOT NULL,
        path TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        width INTEGER,
        height INTEGER,
        idx INTEGER,
        meta TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX artifacts_run ON artifacts (run_id, created_at);

      CREATE TABLE checkpoints (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        family TEXT NOT NULL,
        hyperparameters TEXT NOT NULL,
        dataset TEXT,
        label_names TEXT NOT NULL,
        data_spec TEXT NOT NULL,
        preprocess TEXT NOT NULL,
        metrics TEXT NOT NULL,
        run_id TEXT REFERENCES runs (id) ON DELETE SET NULL,
        epoch INTEGER NOT NULL,
        step INTEGER NOT NULL,
        state TEXT NOT NULL,
        models TEXT NOT NULL,
        path TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX checkpoints_name_created ON checkpoints (name, created_at);
      CREATE INDEX checkpoints_family ON checkpoints (family, created_at);
      CREATE INDEX checkpoints_run ON checkpoints (run_id);

      CREATE TABLE datasets (
        name TEXT PRIMARY KEY,
        source TEXT NOT NULL CHECK (source IN ('mnist', 'folder', 'upload')),
        count INTEGER NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        channels INTEGER NOT NULL CHECK (channels IN (1, 3)),
        label_names TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE pipelines (
        name TEXT PRIMARY KEY,
        spec TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `);
  },
};
