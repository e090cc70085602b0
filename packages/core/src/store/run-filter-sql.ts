import type { RunFilter } from '../contracts/records.js';

/** WHERE clauses and their parameters for a run filter; shared by the page query and its count. */
export function runFilterSql(filter: RunFilter): { clauses: string[]; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.status && filter.status.length > 0) {
    clauses.push(`status IN (${filter.status.map(() => '?').join(', ')})`);
    params.push(...filter.status);
  }
  if (filter.kind) {
    clauses.push('kind = ?');
    params.push(filter.kind);
  }
  if (filter.name !== undefined) {
    clauses.push('name = ?');
    params.push(filter.name);
  }
  if (filter.batchId !== undefined) {
    clauses.push('batch_id = ?');
    params.push(filter.batchId);
  }
  // Times are ISO-8601 UTC strings, whose text order is their time order.
  if (filter.createdAfter) {
    clauses.push('created_at > ?');
    params.push(filter.createdAfter);
  }
  if (filter.createdBefore) {
    clauses.push('created_at < ?');
    params.push(filter.createdBefore);
  }
  return { clauses, params };
}
