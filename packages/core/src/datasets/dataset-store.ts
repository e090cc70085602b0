import fs from 'node:fs';
import path from 'node:path';
import { inject, injectable } from 'tsyringe';
import type { AtelierConfig } from '../config.js';
import { AtelierError, wrapError } from '../errors.js';
import type { Database, DatasetRecord, DatasetStore, LoadedImages } from '../store/records.js';
import { Tokens, type Clock } from '../tokens.js';
import { assertDatasetName, isDatasetName } from './dataset-name.js';
import { readDatasetFiles, rewriteDatasetFiles, writeDatasetFolder } from './dataset-files.js';
import { DatasetReader, type DatasetSelection } from './dataset-reader.js';
import { toDatasetRecord, type DatasetRow } from './dataset-rows.js';
import { decodeImagePixels, readImageHeader, type ImageHeader } from '../image/codec.js';
import { scanFolder } from './folder-scan.js';
import { mnistDigits, mnistLabelNames, mnistSide } from './mnist.js';

type Decoded = Omit<LoadedImages, 'labelNames'>;

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
    const scanned = scanFolder(folder, options.labelled);
    const files = scanned.files.slice(0, limit ?? scanned.files.length);
    const inputs = files.map((f) => ({ input: f.file , label: path.relative(folder, f.file), labelIndex: f.label }));
    const decoded = await this.decodeAll(inputs, size, null);
    return this.insert(options.name, 'folder', decoded, scanned.labelNames);
  }

  async importMnist(options: { name: string; limit?: number }): Promise<DatasetRecord> {
    this.assertNew(options.name);
    const digits = mnistDigits(positiveInteger(options.limit, 'limit'));
    return this.insert(options.name, 'mnist', { ...digits, width: mnistSide, height: mnistSide, channels: 1 }, mnistLabelNames);
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
    const decoded = await this.decodeAll(inputs, target ?? 'first', existing?.channels ?? null);
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
    const { maxImageSide, maxImagePixels } = this.config.limits;
    const width = positiveInteger(options.width, 'width');
    const height = positiveInteger(options.height, 'height');
    if (width === undefined || height === undefined) {
      throw new AtelierError('BAD_USER_INPUT', 'Give both width and height, or neither', { path: width === undefined ? 'width' : 'height' });
    }
    if (width > maxImageSide || height > maxImageSide || width * height > maxImagePixels) {
      throw new AtelierError('LIMIT_EXCEEDED', `${width}×${height} is past the limits (${maxImageSide} per side, ${maxImagePixels} pixels)`, {
        path: width > maxImageSide ? 'width' : 'height',
        limit: maxImageSide,
      });
    }
    return { width, height };
  }

  /**
   * Probes every image first (so a bad file fails before any decoding), settles one size and channel
   * count, then decodes. `size` 'first' takes the first image's size (new uploads); null demands that
   * all images share one size.
   */
  private async decodeAll(
    inputs: { input: string | Buffer; label: string; labelIndex: number }[],
    size: { width: number; height: number } | 'first' | null,
    channels: 1 | 3 | null,
  ): Promise<Decoded> {
    const named = (label: string) => ({ name: label, details: { path: label } });
    const probes: ImageHeader[] = [];
    for (const item of inputs) probes.push(await readImageHeader(item.input, this.config.limits, named(item.label)));
    const target = size === 'first' ? { width: probes[0].width, height: probes[0].height } : (size ?? commonSize(probes, inputs));
    const finalChannels = channels ?? (probes.some((p) => p.colour) ? 3 : 1);
    const imageBytes = target.width * target.height * finalChannels;
    const pixels = new Uint8Array(inputs.length * imageBytes);
    for (const [i, item] of inputs.entries()) {
      pixels.set(await decodeImagePixels(item.input, { ...target, channels: finalChannels, fit: 'cover' }, named(item.label)), i * imageBytes);
    }
    const labels = Int32Array.from(inputs, (item) => item.labelIndex);
    return { pixels, labels, count: inputs.length, ...target, channels: finalChannels };
  }

  private insert(name: string, source: DatasetRecord['source'], data: Decoded, labelNames: string[]): DatasetRecord {
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

  private append(name: string, data: Decoded, labelNames: string[]): DatasetRecord {
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

function commonSize(probes: ImageHeader[], inputs: { label: string }[]): { width: number; height: number } {
  const sizes = new Map<string, string[]>();
  probes.forEach((p, i) => {
    const key = `${p.width}×${p.height}`;
    sizes.set(key, [...(sizes.get(key) ?? []), inputs[i].label]);
  });
  if (sizes.size > 1) {
    const summary = [...sizes].map(([key, files]) => `${key}: ${files.slice(0, 3).join(', ')}${files.length > 3 ? ` and ${files.length - 3} more` : ''}`);
    throw new AtelierError('IMAGE_INVALID', `The images differ in size (${summary.join('; ')}); pass width and height to resize them all to one size`, {
      path: 'width',
      sizes: [...sizes].map(([size, files]) => ({ size, count: files.length, examples: files.slice(0, 3) })),
    });
  }
  return { width: probes[0].width, height: probes[0].height };
}
