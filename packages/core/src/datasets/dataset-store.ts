import fs from 'node:fs';
import path from 'node:path';
import { inject, injectable } from 'tsyringe';
import type { AtelierConfig } from '../config/config.js';
import { AtelierError, checkImageSize, type DatasetRecord, wrapError } from '@atelier/plugin-api';
import type { DatasetDecoder, DecodedImages } from '../contracts/dataset-decoder.js';
import type { InputFileAccess } from '../contracts/input-files.js';
import type { Database, DatasetSelection, DatasetStore, LabelledPixels, LoadedImages } from '../contracts/records.js';
import { Tokens, type Clock } from '../contracts/tokens.js';
import { assertDatasetName, isDatasetName } from './dataset-name.js';
import { readDatasetFiles, rewriteDatasetFiles, writeDatasetFolder } from './dataset-files.js';
import { DatasetReader } from './dataset-reader.js';
import { toDatasetRecord, type DatasetRow } from './dataset-rows.js';
import { assertHomeRoom } from '../store/home-usage.js';

/**
 * Data sets as `datasets/<name>/pixels.bin` (uint8 `[n, h, w, c]`) + `labels.bin` (int32, -1 for
 * none), each published before its row. Everything between the existence check and the row write
 * runs without an await, so two imports in this process cannot interleave there.
 */
@injectable()
export class FileDatasetStore implements DatasetStore {
  private readonly reader: DatasetReader;

  constructor(
    @inject(Tokens.Database) private readonly db: Database,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(Tokens.Config) private readonly config: AtelierConfig,
    @inject(Tokens.InputFiles) private readonly inputFiles: InputFileAccess,
    @inject(Tokens.DatasetDecoder) private readonly decoder: DatasetDecoder,
  ) {
    this.reader = new DatasetReader(db.paths);
  }

  async importFolder(
    folder: string,
    options: { name: string; limit?: number; width?: number; height?: number; labelled?: boolean },
  ): Promise<DatasetRecord> {
    this.assertNew(options.name);
    const size = this.requestedSize(options);
    const limit = positiveInteger(options.limit, 'limit');
    const real = await this.inputFiles.resolve(folder, 'path', 'folder');
    const { labelNames, ...decoded } = await this.decoder.folder({ folder: real, labelled: options.labelled, limit, size, limits: this.config.limits });
    await this.assertRoom(decoded, options.name);
    return this.insert(options.name, 'folder', decoded, labelNames);
  }

  async importPixels(name: string, images: LabelledPixels, source: DatasetRecord['source']): Promise<DatasetRecord> {
    this.assertNew(name);
    const { pixels, labels, width, height, channels, labelNames } = images;
    this.requestedSize({ width, height });
    if (channels !== 1 && channels !== 3) throw new AtelierError('BAD_USER_INPUT', `channels must be 1 or 3; got ${channels}`, { path: 'channels', value: channels });
    const count = labels.length;
    if (count === 0) throw new AtelierError('BAD_USER_INPUT', 'No images to import', { path: 'labels' });
    const expected = count * width * height * channels;
    if (pixels.length !== expected) {
      throw new AtelierError('BAD_USER_INPUT', `${count} images of ${width}×${height}×${channels} take ${expected} pixel values; got ${pixels.length}`, { path: 'pixels', value: pixels.length });
    }
    const bad = labels.findIndex((label) => label < -1 || label >= labelNames.length);
    if (bad >= 0) {
      throw new AtelierError('BAD_USER_INPUT', `labels[${bad}] is ${labels[bad]}: a label is an index into the ${labelNames.length} label names, or -1 for none`, { path: `labels.${bad}`, value: labels[bad] });
    }
    const decoded = { pixels, labels, count, width, height, channels };
    await this.assertRoom(decoded, name);
    return this.insert(name, source, decoded, labelNames);
  }

  async importImages(name: string, images: { data: Buffer; label?: string }[], options: { width?: number; height?: number } = {}): Promise<DatasetRecord> {
    assertDatasetName(name);
    if (images.length === 0) throw new AtelierError('BAD_USER_INPUT', 'No images to import', { path: 'images' });
    const tooBig = images.findIndex((image) => image.data.byteLength > this.config.limits.maxUploadBytes);
    if (tooBig >= 0) {
      throw new AtelierError('LIMIT_EXCEEDED', `images[${tooBig}] is ${images[tooBig].data.byteLength} bytes; uploads may be at most ${this.config.limits.maxUploadBytes}`, {
        path: `images.${tooBig}`,
        limit: this.config.limits.maxUploadBytes,
      });
    }
    const existing = this.get(name);
    const size = this.requestedSize(options);
    if (existing && size && (size.width !== existing.width || size.height !== existing.height)) {
      throw new AtelierError('BAD_USER_INPUT', `Data set ${name} stores ${existing.width}×${existing.height} images; leave width/height out or match them`, {
        path: 'width',
        value: size.width,
      });
    }
    const labelNames = [...(existing?.labelNames ?? [])];
    const inputs = images.map((image, i) => ({ input: image.data , label: `images[${i}]`, labelIndex: labelIndexFor(labelNames, image.label) }));
    const target = existing ? { width: existing.width, height: existing.height } : size;
    const decoded = await this.decoder.images({ inputs, size: target ?? 'first', channels: existing?.channels ?? null, storedCount: existing?.count ?? 0, limits: this.config.limits });
    await this.assertRoom(decoded, name);
    return existing ? this.append(name, decoded, labelNames) : this.insert(name, 'upload', decoded, labelNames);
  }

  get(name: string): DatasetRecord | null {
    if (!isDatasetName(name)) return null;
    const row = this.db.sql.prepare('SELECT * FROM datasets WHERE name = ?').get(name) as DatasetRow | undefined;
    return row ? toDatasetRecord(row) : null;
  }

  resolve(name: string): DatasetRecord {
    const record = this.get(name);
    if (!record) throw new AtelierError('DATASET_NOT_FOUND', `No data set named ${JSON.stringify(name)}`, { path: 'dataset', value: name });
    return record;
  }

  list(): DatasetRecord[] {
    return (this.db.sql.prepare('SELECT * FROM datasets ORDER BY name').all() as DatasetRow[]).map(toDatasetRecord);
  }

  load(name: string, options: DatasetSelection = {}): LoadedImages {
    return this.reader.load(this.resolve(name), options);
  }

  /** The row goes first: a crash then leaves an unused folder, which the next import of the name replaces. */
  delete(name: string): boolean {
    if (!isDatasetName(name)) return false;
    if (this.db.sql.prepare('DELETE FROM datasets WHERE name = ?').run(name).changes === 0) return false;
    this.reader.forget(name);
    fs.rmSync(path.join(this.db.paths.datasets, name), { recursive: true, force: true });
    return true;
  }

  private assertNew(name: string): void {
    assertDatasetName(name);
    if (this.get(name)) throw new AtelierError('CONFLICT', `A data set named ${name} already exists`, { path: 'name', value: name });
  }

  private requestedSize(options: { width?: number; height?: number }): { width: number; height: number } | null {
    if (options.width === undefined && options.height === undefined) return null;
    const width = positiveInteger(options.width, 'width');
    const height = positiveInteger(options.height, 'height');
    if (width === undefined || height === undefined) {
      throw new AtelierError('BAD_USER_INPUT', 'Give both width and height, or neither', { path: width === undefined ? 'width' : 'height' });
    }
    checkImageSize(this.config.limits, width, height, 'Images of', {}, { width: 'width', height: 'height' });
    return { width, height };
  }

  /** An append rewrites the whole set, so the old files count again while the new ones are written. */
  private async assertRoom(data: DecodedImages, name: string): Promise<void> {
    const stored = this.get(name);
    const oldBytes = stored ? stored.count * (stored.width * stored.height * stored.channels + 4) : 0;
    const bytes = oldBytes + data.pixels.byteLength + data.labels.byteLength;
    await assertHomeRoom(this.db.paths.home, bytes, this.config.limits.maxHomeBytes, `Data set ${name}`);
  }

  private insert(name: string, source: DatasetRecord['source'], data: DecodedImages, labelNames: string[]): DatasetRecord {
    this.assertNew(name);
    let folder: string | null = null;
    try {
      folder = writeDatasetFolder(this.db.paths, name, data.pixels, data.labels);
      this.db.sql
        .prepare(`INSERT INTO datasets (name, source, count, width, height, channels, label_names, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(name, source, data.count, data.width, data.height, data.channels, JSON.stringify(labelNames), this.clock.now().toISOString());
    } catch (error) {
      if (folder) fs.rmSync(folder, { recursive: true, force: true });
      throw wrapError(error, 'STORAGE_ERROR', `Cannot store data set ${name}`, { path: 'name', value: name });
    }
    this.reader.forget(name);
    return this.resolve(name);
  }

  private append(name: string, data: DecodedImages, labelNames: string[]): DatasetRecord {
    const record = this.resolve(name);
    try {
      const old = readDatasetFiles(this.db.paths, name, record.count, record.width * record.height * record.channels);
      const pixels = new Uint8Array(old.pixels.length + data.pixels.length);
      pixels.set(old.pixels);
      pixels.set(data.pixels, old.pixels.length);
      const labels = new Int32Array(record.count + data.count);
      labels.set(old.labels);
      labels.set(data.labels, record.count);
      rewriteDatasetFiles(this.db.paths, name, pixels, labels);
      this.db.sql
        .prepare('UPDATE datasets SET count = ?, label_names = ? WHERE name = ?')
        .run(record.count + data.count, JSON.stringify(labelNames), name);
    } catch (error) {
      throw wrapError(error, 'STORAGE_ERROR', `Cannot add images to data set ${name}`, { path: 'name', value: name });
    }
    this.reader.forget(name);
    return this.resolve(name);
  }
}

function positiveInteger(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) {
    throw new AtelierError('BAD_USER_INPUT', `${name} must be a positive integer; got ${value}`, { path: name, limit: 1 });
  }
  return value;
}

/** Label index of an upload's label name, adding new names at the end so earlier indices never move. */
function labelIndexFor(labelNames: string[], label: string | undefined): number {
  if (label === undefined) return -1;
  const index = labelNames.indexOf(label);
  if (index >= 0) return index;
  labelNames.push(label);
  return labelNames.length - 1;
}
