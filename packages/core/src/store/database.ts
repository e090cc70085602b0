import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { wrapError } from '@atelier/plugin-api';
import { homePaths } from './home-paths.js';
import { migrations, runMigrations } from './migrations/index.js';
import type { Database } from '../contracts/records.js';

/** How long a writer waits for another connection's lock before SQLite reports SQLITE_BUSY. */
const busyTimeoutMs = 5000;

/** Opens (creating when needed) the home folder and its database, migrated to the latest version. */
export function openDatabase(home: string): Database {
  const paths = homePaths(home);
  let sql: BetterSqlite3.Database;
  try {
    for (const dir of [paths.home, paths.artifacts, paths.checkpoints, paths.datasets, paths.tmp]) {
      fs.mkdirSync(dir, { recursive: true });
    }
    sql = new BetterSqlite3(paths.database);
  } catch (error) {
    throw wrapError(error, 'STORAGE_ERROR', `Cannot open the Atelier home at ${paths.home}`, { path: paths.home });
  }
  try {
    sql.pragma('journal_mode = WAL');
    sql.pragma('foreign_keys = ON');
    sql.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // WAL makes NORMAL durable against application crashes; only power loss can drop the last commits.
    sql.pragma('synchronous = NORMAL');
    runMigrations(sql, migrations, paths.database);
  } catch (error) {
    sql.close();
    throw wrapError(error, 'STORAGE_ERROR', `Cannot prepare the database ${paths.database}`, { path: paths.database });
  }
  return {
    sql,
    paths,
    close: () => {
      if (sql.open) sql.close();
    },
  };
}
