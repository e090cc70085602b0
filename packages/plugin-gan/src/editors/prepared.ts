import type { ImageBatch, OpenedCheckpoint } from '@atelier/plugin-api';

/** Runs `use` on the batch as the checkpoint saw its training data; frees the prepared copy, never the input. */
export async function withPrepared<T>(loaded: Pick<OpenedCheckpoint<unknown>, 'prepare'>, batch: ImageBatch, use: (prepared: ImageBatch) => Promise<T>): Promise<T> {
  const prepared = await loaded.prepare(batch);
  try {
    return await use(prepared);
  } finally {
    if (prepared.images !== batch.images) prepared.images.dispose();
  }
}
