import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { migrations, runMigrations, type Migration } from './migrations/index.js';
import type { Database } from '../contracts/records.js';

describe('openDatabase', () => {
  const opened: Database[] = [];
  const homes: string[] = [];
  const makeHome = () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-db-'));
    homes.push(home);
    return home;
  };
  const open = (home: string) => {
    const db = openDatabase(home);
    opened.push(db);
    return db;
  };
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
    for (const home of homes.splice(0)) fs.rmSync(home, { recursive: true, force: true });
  });

  it('creates the home layout, WAL mode, foreign keys and every table', () => {
    const home = makeHome();
    const db = open(path.join(home, 'nested'));
    for (const dir of ['artifacts', 'checkpoints', 'datasets', 'tmp']) {
      expect(fs.statSync(path.join(home, 'nested', dir)).isDirectory()).toBe(true);
    }
    expect(fs.existsSync(path.join(home, 'nested', 'atelier.db'))).toBe(true);
    expect(db.sql.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sql.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sql.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    const tables = (db.sql.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(['artifacts', 'batches', 'checkpoints', 'datasets', 'pipelines', 'run_steps', 'runs', 'schema_migrations', 'step_cache']);
  });

  it('applies each migration once and records it', () => {
    const home = makeHome();
    open(home).close();
    const db = open(home);
    const rows = db.sql.prepare('SELECT version, name FROM schema_migrations').all();
    expect(rows).toEqual([
      { version: 1, name: 'initial' },
      { version: 2, name: 'step-cache-batches' },
      { version: 3, name: 'checkpoint-lineage' },
    ]);
    expect(runMigrations(db.sql, migrations, db.paths.database)).toEqual([]);
  });

  it('copies the database aside before a migration that changes an existing table', () => {
    const db = open(makeHome());
    db.sql.prepare(`INSERT INTO pipelines (name, spec, created_at, updated_at) VALUES ('p', '{}', 'a', 'a')`).run();
    const addColumn: Migration = {
      version: 99,
      name: 'pipeline-notes',
      changesExistingTables: true,
      up: (sql) => sql.exec('ALTER TABLE pipelines ADD COLUMN notes TEXT'),
    };
    expect(runMigrations(db.sql, [...migrations, addColumn], db.paths.database)).toEqual([99]);
    const backupFile = `${db.paths.database}.bak-99`;
    expect(fs.existsSync(backupFile)).toBe(true);
    const backup = new BetterSqlite3(backupFile);
    // The copy holds the data as it was, without the new column.
    expect(backup.prepare('SELECT * FROM pipelines').all()).toEqual([{ name: 'p', spec: '{}', created_at: 'a', updated_at: 'a' }]);
    backup.close();
  });

  it('rolls a failing migration back whole and leaves it unrecorded', () => {
    const db = open(makeHome());
    const broken: Migration = {
      version: 99,
      name: 'broken',
      up: (sql) => {
        sql.exec('CREATE TABLE half_done (x INTEGER)');
        sql.exec('SELECT * FROM no_such_table');
      },
    };
    expect(() => runMigrations(db.sql, [...migrations, broken], db.paths.database)).toThrow(
      expect.objectContaining({ code: 'STORAGE_ERROR' }),
    );
    expect(db.sql.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
    expect(db.sql.prepare('SELECT version FROM schema_migrations WHERE version = 99').get()).toBeUndefined();
  });

  it('enforces foreign keys: steps cascade with their run, checkpoints keep going without it', () => {
    const db = open(makeHome());
    db.sql.exec(`
      INSERT INTO runs (id, kind, status, spec, seed, created_at) VALUES ('r', 'training', 'queued', '{}', 1, 't');
      INSERT INTO run_steps (run_id, step_id, idx, use, status) VALUES ('r', 's', 0, 'x', 'pending');
      INSERT INTO checkpoints (id, name, family, hyperparameters, label_names, data_spec, preprocess, metrics, run_id, epoch, step, state, models, path, created_at)
        VALUES ('c', 'n', 'f', '{}', '[]', '{}', '[]', '{}', 'r', 0, 0, '{}', '[]', 'checkpoints/c', 't');
    `);
    expect(() => db.sql.exec(`INSERT INTO run_steps (run_id, step_id, idx, use, status) VALUES ('nope', 's', 0, 'x', 'pending')`)).toThrow(/FOREIGN KEY/);
    db.sql.exec(`DELETE FROM runs WHERE id = 'r'`);
    expect(db.sql.prepare('SELECT COUNT(*) AS n FROM run_steps').get()).toEqual({ n: 0 });
    expect(db.sql.prepare('SELECT run_id FROM checkpoints').get()).toEqual({ run_id: null });
  });

  it('keeps the steps of existing runs when migration 2 rebuilds run_steps for the cached status', () => {
    const home = makeHome();
    const sql = new BetterSqlite3(path.join(home, 'atelier.db'));
    runMigrations(sql, migrations.slice(0, 1), path.join(home, 'atelier.db'));
    sql.exec(`
      INSERT INTO runs (id, kind, status, spec, seed, created_at) VALUES ('r', 'pipeline', 'succeeded', '{}', 1, 't');
      INSERT INTO run_steps (run_id, step_id, idx, use, status, duration_ms) VALUES ('r', 's', 0, 'image.blur', 'succeeded', 12);
    `);
    expect(() => sql.exec(`UPDATE run_steps SET status = 'cached'`)).toThrow(/CHECK/);
    sql.close();
    const db = open(home);
    expect(db.sql.prepare('SELECT step_id, use, status, duration_ms FROM run_steps').all()).toEqual([
      { step_id: 's', use: 'image.blur', status: 'succeeded', duration_ms: 12 },
    ]);
    db.sql.exec(`UPDATE run_steps SET status = 'cached'`);
    expect(db.sql.prepare('SELECT batch_id FROM runs').get()).toEqual({ batch_id: null });
    db.sql.exec(`DELETE FROM runs WHERE id = 'r'`);
    expect(db.sql.prepare('SELECT COUNT(*) AS n FROM run_steps').get()).toEqual({ n: 0 });
  });

  it('keeps existing checkpoints, with a null lineage, when migration 3 adds the column', () => {
    const home = makeHome();
    const file = path.join(home, 'atelier.db');
    const sql = new BetterSqlite3(file);
    runMigrations(sql, migrations.slice(0, 2), file);
    sql.exec(`
      INSERT INTO checkpoints (id, name, family, hyperparameters, label_names, data_spec, preprocess, metrics, epoch, step, state, models, path, created_at)
        VALUES ('c', 'n', 'f', '{}', '[]', '{}', '[]', '{"loss":1}', 0, 3, '{}', '[]', 'checkpoints/c', 't');
    `);
    sql.close();
    const db = open(home);
    expect(fs.existsSync(`${file}.bak-3`)).toBe(true);
    expect(db.sql.prepare('SELECT name, step, metrics, lineage FROM checkpoints').all()).toEqual([{ name: 'n', step: 3, metrics: '{"loss":1}', lineage: null }]);
  });
});
