import type { ImageMeta } from '@atelier/plugin-api';

/** A stored step output: where its values are and what the step recorded beside its images. */
export interface StepCacheEntry {
  signature: string;
  use: string;
  /** `cache/<signature>.bin`, relative to home. */
  path: string;
  bytes: number;
  imageMeta: ImageMeta[];
  records: Record<string, unknown>;
}

/** A step's output as the cache keeps it: the float32 values exactly as the step produced them. */
export interface StoredStepOutput {
  shape: [number, number, number, number];
  values: Float32Array;
}

/** The step cache's index, kept by the API process (the database's one writer). */
export interface StepCache {
  /** The entry for a signature whose file still exists, marked as just used; null on a miss. */
  lookup(signature: string): StepCacheEntry | null;
  /** Records an entry whose file is in place, then evicts the least recently used past `maxBytes`. */
  record(entry: StepCacheEntry, maxBytes: number): void;
  /** Bytes the cache's files take, as recorded. */
  totalBytes(): number;
  /** Drops least recently used entries (rows first, then files) until the rest fit in `maxBytes`; returns their signatures. */
  evict(maxBytes: number): string[];
}
