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

export default definePlugin({ name: 'atelier-test-scale', version: '0.0.0', editors: [sleep, block] });
