import crypto from 'node:crypto';
import type { DatasetDecoder, DecodedImages } from '../datasets/decode-images.js';
import type { DecodeJob } from './protocol.js';
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

  async images(job: Parameters<DatasetDecoder['images']>[0]): Promise<DecodedImages> {
    return (await this.decode({ source: 'images', job })) as unknown as DecodedImages;
  }

  async folder(job: Parameters<DatasetDecoder['folder']>[0]): ReturnType<DatasetDecoder['folder']> {
    return (await this.decode({ source: 'folder', job })) as unknown as Awaited<ReturnType<DatasetDecoder['folder']>>;
  }

  async mnist(limit?: number): ReturnType<DatasetDecoder['mnist']> {
    return (await this.decode({ source: 'mnist', limit })) as unknown as Awaited<ReturnType<DatasetDecoder['mnist']>>;
  }

  private decode(decode: DecodeJob): Promise<Record<string, unknown>> {
    if (!this.pool) throw new Error('WorkerDecoder used before its pool was attached');
    return this.pool.run({ kind: 'decode', id: crypto.randomUUID(), decode }, new AbortController().signal, { overflow: true });
  }
}
