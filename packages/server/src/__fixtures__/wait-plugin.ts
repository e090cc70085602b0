import { defineEditor, definePlugin, z } from '@atelier/core';

/**
 * A test plugin whose `test.wait` step holds its input for `ms` milliseconds or until the run is
 * canceled, so tests can observe a run that is running without depending on machine speed.
 */
const wait = defineEditor<{ ms: number }>({
  id: 'test.wait',
  title: 'Wait',
  description: 'Passes its input through after a delay (tests only).',
  params: z.strictObject({ ms: z.number().int().min(0).max(120_000) }),
  inputs: 1,
  async apply(ctx, [batch], params) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, params.ms);
      ctx.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return { images: batch.images.clone(), meta: batch.meta };
  },
});

export default definePlugin({ name: 'atelier-test-wait', version: '0.0.0', apiVersion: 1, editors: [wait] });
