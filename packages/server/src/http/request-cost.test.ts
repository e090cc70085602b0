import { afterEach, describe, expect, it } from 'vitest';
import { blackGreyPng, pngImage } from '../__fixtures__/png.js';
import { startTestServer, type TestServer } from '../__fixtures__/test-server.js';

const quick = { steps: [{ id: 'load', use: 'image.load', with: { dataset: 'shapes', count: 1 } }] };
const runMutation = `mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`;

async function expectNormalRun(t: TestServer): Promise<void> {
  const run = await t.gql<{ runPipeline: { id: string } }>(runMutation, { spec: quick });
  expect(run.errors).toBeUndefined();
  expect((await t.atelier.queue.wait(run.data!.runPipeline.id)).status).toBe('succeeded');
}

/** Finding 3: cheap requests cost a lot (aliases, queued runs, decoded pixels, disk). */
describe('request cost', () => {
  let t: TestServer;
  afterEach(async () => {
    await t?.close();
  });

  it('refuses 1,000 aliases of runs(first: 200) before resolving any of them', async () => {
    t = await startTestServer();
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: runs(first: 200) { edges { node { id status artifacts { url } } } }`);
    const started = performance.now();
    const answer = await t.gql(`{ ${aliases.join(' ')} }`);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(answer.data).toBeUndefined();
    expect(answer.errors![0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 10_000, setting: 'limits.maxQueryCost' });
    // Within the budget, a page of runs is still answered.
    const page = await t.gql(`{ runs(first: 200) { edges { node { id status artifacts { url } } } } }`);
    expect(page.errors).toBeUndefined();
  });

  it('refuses a request queueing more runs than allowed (aliases or fragments) and queues none of them', async () => {
    t = await startTestServer();
    await t.uploadDataset('shapes', 1);
    const before = t.rowCounts();
    const aliased = Array.from({ length: 100 }, (_, i) => `r${i}: runPipeline(spec: $spec) { id }`).join(' ');
    const answer = await t.gql(`mutation($spec: JSON!) { ${aliased} }`, { spec: quick });
    expect(answer.errors![0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 8, setting: 'limits.maxRunsPerRequest' });
    const spread = Array.from({ length: 9 }, (_, i) => `r${i}: runPipeline(spec: $spec) { id }`).join(' ');
    const viaFragment = await t.gql(`mutation($spec: JSON!) { ...Many } fragment Many on Mutation { ${spread} }`, { spec: quick });
    expect(viaFragment.errors![0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', setting: 'limits.maxRunsPerRequest' });
    expect(t.rowCounts()).toEqual(before);
    await expectNormalRun(t);
  });

  it('refuses the run past the per-client per-minute limit before writing it', async () => {
    t = await startTestServer({ limits: { maxRunsPerClientPerMinute: 3 } });
    await t.uploadDataset('shapes', 1);
    for (let i = 0; i < 3; i += 1) expect((await t.gql(runMutation, { spec: quick })).errors).toBeUndefined();
    const runsBefore = t.rowCounts().runs;
    const refused = await t.gql(runMutation, { spec: quick });
    expect(refused.errors![0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 3, setting: 'limits.maxRunsPerClientPerMinute' });
    expect(t.rowCounts().runs).toBe(runsBefore);
    // Queries are not runs: the client may still read.
    expect((await t.gql(`{ runs(first: 5) { totalCount } }`)).data!.runs.totalCount).toBe(3);
  });

  it('refuses 32 copies of a 16 KB 4096×4096 PNG by their decoded pixels, writing nothing', async () => {
    t = await startTestServer();
    const data = blackGreyPng(4096, 4096).toString('base64');
    expect(data.length).toBeLessThan(64 * 1024);
    const before = t.rowCounts();
    const answer = await t.gql(`mutation($images: [ImageUpload!]!) { uploadImages(dataset: "big", images: $images) { count } }`, {
      images: Array.from({ length: 32 }, () => ({ data })),
    });
    expect(answer.errors![0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 64 * 1024 * 1024, setting: 'limits.maxDecodedPixelsPerRequest' });
    expect(t.rowCounts()).toEqual(before);
    await t.uploadDataset('shapes', 1);
    await expectNormalRun(t);
  });

  it('refuses an upload that would pass the home disk budget, before writing it', async () => {
    t = await startTestServer({ limits: { maxHomeBytes: 2 * 1024 * 1024 } });
    await t.uploadDataset('shapes', 1);
    const before = t.rowCounts();
    // 100 images of 128×128 RGB: 4.9 MB once decoded, more than the whole 2 MiB budget.
    const images = Array.from({ length: 100 }, (_, i) => ({ data: pngImage(i, 128, 128).toString('base64') }));
    const answer = await t.gql(`mutation($images: [ImageUpload!]!) { uploadImages(dataset: "more", images: $images) { count } }`, { images });
    expect(answer.errors![0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 2 * 1024 * 1024, setting: 'limits.maxHomeBytes' });
    expect(t.rowCounts()).toEqual(before);
    await expectNormalRun(t);
  });

  it('queues no run while the home is over its disk budget', async () => {
    t = await startTestServer({ limits: { maxHomeBytes: 1024 } });
    const refused = await t.gql(runMutation, { spec: quick });
    expect(refused.errors![0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 1024, setting: 'limits.maxHomeBytes' });
    expect(t.rowCounts().runs).toBe(0);
  });
});
