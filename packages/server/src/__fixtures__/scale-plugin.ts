import { defineEditor, definePlugin, z } from '@atelier/core';

/** Reports which process runs the step, so tests can find (and check on) a job's child process. */
const reportPid = (ctx: { progress(progress: { message: string }): void }) => ctx.progress({ message: `pid ${process.pid}` });

const sleep = defineEditor<{ ms: number }>({
  id: 'scale.sleep',
  title: 'Sleep',
  description: 'Passes its input through after `ms`, or at once when canceled; reports its process id (tests only).',
  params: z.strictObject({ ms: z.number().int().min(0).max(120_000) }),
  inputs: 1,
  async apply(ctx, [batch], params) {
    reportPid(ctx);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, params.ms);
      ctx.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()));
    });
    return { images: batch.images.clone(), meta: batch.meta };
  },
});

const block = defineEditor<{ ms: number }>({
  id: 'scale.block',
  title: 'Block',
  description: 'Blocks its thread for `ms` ignoring cancel, like a long native kernel; reports its process id (tests only).',
  params: z.strictObject({ ms: z.number().int().min(0).max(120_000) }),
  inputs: 1,
  async apply(ctx, [batch], params) {
    reportPid(ctx);
    // Let the progress message leave before the thread blocks.
    await new Promise((resolve) => setTimeout(resolve, 50));
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, params.ms);
    return { images: batch.images.clone(), meta: batch.meta };
  },
});

const paint = defineEditor<{ count: number }>({
  id: 'scale.paint',
  title: 'Paint',
  description: 'Makes `count` 8×8 gray images from nothing, so a worker needs no data set files (tests only).',
  params: z.strictObject({ count: z.number().int().min(1).max(16) }),
  inputs: 0,
  async apply(ctx, _batches, params) {
    return { images: ctx.tf.tensor4d(new Float32Array(params.count * 64).fill(0.5), [params.count, 8, 8, 1]), meta: Array.from({ length: params.count }, () => ({})) };
  },
});

export default definePlugin({ name: 'atelier-test-scale', version: '0.0.0', editors: [sleep, block, paint] });
