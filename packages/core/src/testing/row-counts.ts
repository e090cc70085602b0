import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/**
 * Rows of every table of a home's database, read on a connection of its own (read-only, so it never
 * writes beside the facade's), to prove a refused request stored nothing.
 */
export function rowCounts(home: string): Record<string, number> {
  const sql = new BetterSqlite3(path.join(home, 'atelier.db'), { readonly: true });
  try {
    const tables = sql.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[];
    return Object.fromEntries(tables.map(({ name }) => [name, (sql.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n]));
  } finally {
    sql.close();
  }
}
