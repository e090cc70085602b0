import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shapeImage } from '../__fixtures__/images.js';
import { createTestAtelier, type TestAtelier } from '../testing/index.js';

let atelier: TestAtelier;

beforeAll(async () => {
  atelier = await createTestAtelier({ plugins: [new URL('./__fixtures__/faulty-plugin.ts', import.meta.url)] });
  const images = await Promise.all([0, 1].map(async (i) => ({ data: await shapeImage(i, { width: 8, height: 8, channels: 1 }) })));
  await atelier.datasets.importImages('blobs', images);
});

afterAll(async () => {
  await atelier?.cleanup();
});

describe('a step whose component returns a malformed batch', () => {
  it.each(['faulty.rank3', 'faulty.symmetric', 'faulty.same-tensor'])('%s fails with PLUGIN_FAILED naming it and stores nothing', async (use) => {
    const submitted = await atelier.submitPipeline({
      seed: 1,
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'blobs', count: 2 }, save: false },
        { id: 'bad', use },
      ],
    });
    const run = await atelier.queue.wait(submitted.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'PLUGIN_FAILED', details: { step: 'bad', component: use } });
    expect(atelier.artifacts.list(run.id)).toEqual([]);
  });
});
