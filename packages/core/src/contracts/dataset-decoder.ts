import type { LimitsConfig } from '../config/config.js';
import type { LoadedImages } from './records.js';

export type DecodedImages = Omit<LoadedImages, 'labelNames'>;

/** One image to import: a file path (already checked against the input roots) or encoded bytes. */
export interface DecodeInput {
  input: string | Buffer;
  label: string;
  labelIndex: number;
}

export interface DecodeImagesJob {
  inputs: DecodeInput[];
  /** Target size; 'first' takes the first image's size (new uploads); null demands one common size. */
  size: { width: number; height: number } | 'first' | null;
  channels: 1 | 3 | null;
  /** Images already in the set, for the per-set pixel budget. */
  storedCount: number;
  limits: LimitsConfig;
}

/**
 * The CPU-heavy half of an import. The API process hands it to a worker process (`DatasetDecoder`),
 * so decoding 10,000 digits or a folder blocks no request; stores and rows stay in the API process.
 */
export interface DecodeFolderJob {
  /** Already resolved inside the input roots by the API process. */
  folder: string;
  labelled?: boolean;
  limit?: number;
  size: { width: number; height: number } | null;
  limits: LimitsConfig;
}

export interface DatasetDecoder {
  images(job: DecodeImagesJob): Promise<DecodedImages>;
  /** Walks the folder (bounded by the limits) and decodes what it finds; sub-folders become labels. */
  folder(job: DecodeFolderJob): Promise<DecodedImages & { labelNames: string[] }>;
}
