import { AtelierError } from '@atelier/plugin-api';

/**
 * Names of data sets and saved pipelines: they become folder names or travel in URLs, so they keep
 * to a safe alphabet, and may not start with a dot (no `.`, `..` or hidden folders).
 */
const namePattern = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;

export function isRecordName(name: string): boolean {
  return namePattern.test(name);
}

export function assertRecordName(name: string, what: string): void {
  if (!isRecordName(name)) {
    throw new AtelierError('BAD_USER_INPUT', `${what} is 1–64 letters, digits, ".", "_" or "-", not starting with "."; got ${JSON.stringify(name)}`, {
      path: 'name',
      value: name,
      limit: 64,
    });
  }
}
