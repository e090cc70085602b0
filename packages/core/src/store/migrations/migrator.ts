import fs from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { wrapError } from '@atelier/plugin-api';
import type { Migration } from './migration.js';

/**
 * Applies the migrations newer than the recorded version, each in its own transaction, in version
 * order. Returns the versions applied. `databaseFile` is where backups go next to (`.bak-<version>`).
 */
export function runMigrations(db: BetterSqlite3.Database, migrations: readonly Migration[], databaseFile: string): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version),
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const done: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    if (migration.changesExistingTables) backup(db, `${databaseFile}.bak-${migration.version}`);
    try {
      db.transaction(() => {
        migration.up(db);
        record.run(migration.version, migration.name, new Date().toISOString());
      })();
    } catch (error) {
      throw wrapError(error, 'STORAGE_ERROR', `Migration ${migration.version} (${migration.name}) failed and was rolled back`, {
        version: migration.version,
      });
    }
    done.push(migration.version);
  }
  return done;
}

/** `VACUUM INTO` writes a consistent copy that includes pages still in the WAL, unlike a file copy. */
function backup(db: BetterSqlite3.Database, target: string): void {
  fs.rmSync(target, { force: true });
  db.prepare('VACUUM INTO ?').run(target);
}
