import crypto from 'node:crypto';
import type { DatasetDecoder, DecodedImages, DecodeFolderJob, DecodeImagesJob } from '../contracts/dataset-decoder.js';
import type { DecodeJob } from '../run/protocol.js';
import type { WorkerPool } from './worker-pool.js';

/**
 * Data set folder walks and decoding in a worker process, so an import blocks no request. It may start a worker
 * beyond the pool's size while every worker is busy (a training run would otherwise hold an upload
 * for minutes); that extra worker stops when the import is done.
 */
export class WorkerDecoder implements DatasetDecoder {
  private pool: WorkerPool | null = null;

  attach(pool: WorkerPool): void {
    this.pool = pool;
  }

  images(job: DecodeImagesJob): Promise<DecodedImages> {
    return this.decode({ source: 'images', job });
  }

  folder(job: DecodeFolderJob): Promise<DecodedImages & { labelNames: string[] }> {
    return this.decode({ source: 'folder', job });
  }

  /** The worker's result is the decoder's own value, sent back whole over IPC. */
  private async decode<T>(decode: DecodeJob): Promise<T> {
    if (!this.pool) throw new Error('WorkerDecoder used before its pool was attached');
    return (await this.pool.run({ kind: 'decode', id: crypto.randomUUID(), decode }, new AbortController().signal, { overflow: true })) as T;
  }
}
