import { AtelierError } from '../errors.js';

/** Data set names become folder names, so they are held to a safe alphabet. */
const namePattern = /^[A-Za-z0-9_-]{1,64}$/;

export function isDatasetName(name: string): boolean {
  return namePattern.test(name);
}

export function assertDatasetName(name: string): void {
  if (!isDatasetName(name)) {
    throw new AtelierError('BAD_USER_INPUT', `A data set name is 1–64 letters, digits, "_" or "-"; got ${JSON.stringify(name)}`, {
      path: 'name',
      value: name,
    });
  }
}
