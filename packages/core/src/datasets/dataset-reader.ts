import { type DatasetRecord, wrapError } from '@atelier/plugin-api';
import type { DatasetSelection, HomePaths, LoadedImages } from '../contracts/records.js';
import { datasetFilesVersion, readDatasetFiles } from './dataset-files.js';
import { selectImages } from './select-images.js';

/**
 * Reads a data set's pixel files for a record the caller already resolved, so worker processes read
 * data sets without the database. Each set is read once and kept while its files and count stay the same.
 */
export class DatasetReader {
  private readonly cache = new Map<string, { version: string; pixels: Uint8Array; labels: Int32Array }>();

  constructor(private readonly paths: HomePaths) {}

  load(record: DatasetRecord, options: DatasetSelection = {}): LoadedImages {
    const selected = selectImages(record, this.files(record), options);
    return { ...selected, width: record.width, height: record.height, channels: record.channels, labelNames: record.labelNames };
  }

  forget(name: string): void {
    this.cache.delete(name);
  }

  private files(record: DatasetRecord): { pixels: Uint8Array; labels: Int32Array } {
    try {
      const version = `${datasetFilesVersion(this.paths, record.name)}:${record.count}`;
      const cached = this.cache.get(record.name);
      if (cached?.version === version) return cached;
      const files = readDatasetFiles(this.paths, record.name, record.count, record.width * record.height * record.channels);
      this.cache.set(record.name, { version, ...files });
      return files;
    } catch (error) {
      throw wrapError(error, 'STORAGE_ERROR', `Cannot read data set ${record.name}`, { path: 'dataset', value: record.name });
    }
  }
}
