import { defineEditor, definePlugin } from '@atelier/plugin-api';
import { z } from 'zod';

const passThrough = defineEditor<{ ms: number }>({
  id: 'test.sleep',
  title: 'Sleep',
  description: 'Passes its input through after `ms`, or at once when the run is canceled; records its process id.',
  params: z.strictObject({ ms: z.number().int().min(0).max(600_000) }),
  inputs: 1,
  async apply(ctx, [batch], params) {
    ctx.record('pid', process.pid);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, params.ms);
      ctx.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()));
    });
    return { images: batch.images.clone(), meta: batch.meta };
  },
});

const stubborn = defineEditor<{ ms: number }>({
  id: 'test.stubborn',
  title: 'Stubborn',
  description: 'Blocks its thread for `ms` without looking at the abort signal, like a long native kernel.',
  params: z.strictObject({ ms: z.number().int().min(0).max(600_000) }),
  inputs: 1,
  async apply(ctx, [batch], params) {
    ctx.progress({ message: 'blocking' });
    // Let the progress message leave before the thread blocks.
    await new Promise((resolve) => setTimeout(resolve, 50));
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, params.ms);
    return { images: batch.images.clone(), meta: batch.meta };
  },
});

const engineFault = defineEditor<Record<string, never>>({
  id: 'test.engine-fault',
  title: 'Engine fault',
  description: 'Fails the way a WASM engine fails when its memory is corrupt.',
  params: z.strictObject({}),
  inputs: 1,
  async apply(ctx) {
    ctx.record('pid', process.pid);
    throw new WebAssembly.RuntimeError('memory access out of bounds');
  },
});

export default definePlugin({ name: 'atelier-test-process', version: '0.0.0', editors: [passThrough, stubborn, engineFault] });
