import { assertRecordName, isRecordName } from '../store/record-name.js';

/** Data set names become folder names under `datasets/`. */
export const isDatasetName = isRecordName;

export function assertDatasetName(name: string): void {
  assertRecordName(name, 'A data set name');
}
