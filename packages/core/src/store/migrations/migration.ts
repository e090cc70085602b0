import type BetterSqlite3 from 'better-sqlite3';

/** One numbered schema change, applied once inside a transaction and recorded in `schema_migrations`. */
export interface Migration {
  version: number;
  name: string;
  /**
   * Set when the migration alters or rewrites a table that may already hold data; the database is
   * then copied to `atelier.db.bak-<version>` first, so a bad migration can be rolled back by hand.
   */
  changesExistingTables?: boolean;
  up(db: BetterSqlite3.Database): void;
}
