import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapeImages } from '../__fixtures__/images.js';
import { withoutPngText } from '../image/png-text.js';
import { createTestAtelier, expectSucceeded, type TestAtelier } from '../testing/index.js';

let atelier: TestAtelier;
let images: string[];

beforeAll(async () => {
  atelier = await createTestAtelier();
  images = await writeShapeImages(atelier.config.inputRoots[0], { count: 2, width: 40, height: 30 });
});

afterAll(async () => {
  await atelier.cleanup();
});

const spec = (sigma: number, extra: Record<string, unknown> = {}) => ({
  seed: 11,
  ...extra,
  steps: [
    { id: 'load', use: 'image.load', with: { paths: images } },
    { id: 'noise', use: 'image.noise', with: { amount: 0.2 } },
    { id: 'blur', use: 'image.blur', with: { sigma: 1.5 }, save: false },
    { id: 'sharpen', use: 'image.sharpen', with: { sigma } },
  ],
});

async function run(raw: unknown, options: { seed?: number } = {}) {
  const done = await expectSucceeded(atelier, await atelier.submitPipeline(raw, options));
  const statuses = Object.fromEntries(atelier.runs.steps(done.id).map((s) => [s.stepId, s.status]));
  const images = Object.fromEntries(
    atelier.artifacts.list(done.id).map((a) => [`${a.stepId}-${a.index}`, withoutPngText(fs.readFileSync(atelier.artifacts.absolutePath(a)))]),
  );
  return { run: done, statuses, images };
}

describe('the step cache', () => {
  it('serves the unchanged steps when only the last step changes, with the bytes of an uncached run', async () => {
    const first = await run(spec(1));
    expect(Object.values(first.statuses)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    const [{ tensors: settled }] = atelier.pool.tensorCounts();
    const changed = await run(spec(2));
    // The outputs read from the cache are freed like computed ones.
    expect(atelier.pool.tensorCounts()).toEqual([{ pid: expect.any(Number), tensors: settled }]);
    expect(changed.statuses).toEqual({ load: 'cached', noise: 'cached', blur: 'cached', sharpen: 'succeeded' });
    const uncached = await run(spec(2, { cache: false }));
    expect(Object.values(uncached.statuses)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(Object.keys(changed.images).sort()).toEqual(Object.keys(uncached.images).sort());
    for (const key of Object.keys(uncached.images)) expect(changed.images[key].equals(uncached.images[key]), key).toBe(true);
    expect(changed.images['sharpen-0'].equals(first.images['sharpen-0'])).toBe(false);
    // A cached step is recorded with its timing, as any finished step.
    expect(atelier.runs.steps(changed.run.id).every((s) => s.durationMs !== null && s.finishedAt !== null)).toBe(true);
  });

  it('never serves a step across seeds', async () => {
    await run(spec(1));
    const other = await run(spec(1), { seed: 12 });
    expect(Object.values(other.statuses)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
  });

  it('recomputes a step that says cache: false and every step it feeds', async () => {
    const raw = spec(1);
    const result = await run({ ...raw, steps: raw.steps.map((step) => (step.id === 'noise' ? { ...step, cache: false } : step)) });
    expect(result.statuses).toEqual({ load: 'cached', noise: 'succeeded', blur: 'succeeded', sharpen: 'succeeded' });
  });

  it('misses when an input file changes', async () => {
    await run(spec(1));
    const [first] = images;
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(first, later, later);
    const result = await run(spec(1));
    expect(result.statuses.load).toBe('succeeded');
  });
});
