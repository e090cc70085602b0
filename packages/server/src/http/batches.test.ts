import { withoutPngText } from '@atelier/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../__fixtures__/test-server.js';
import type { Batch, ImageProvenance, Run } from '../schema/types.js';

const waitSpec = {
  name: 'waits',
  steps: [
    { id: 'load', use: 'image.load', with: { dataset: 'shapes', count: 1 }, save: false },
    { id: 'wait', use: 'test.wait', with: { ms: 60_000 } },
  ],
};
const batchFields = `id size runs { id status seed batchId spec } statusCounts { status count }`;
const runBatch = `mutation($spec: JSON, $seeds: [Float!], $params: [SweepParamInput!]) { runBatch(spec: $spec, seeds: $seeds, params: $params) { ${batchFields} } }`;

describe('batches and provenance over GraphQL', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ limits: { maxBatchRuns: 12 }, cancelGraceMs: 500 });
    await t.uploadDataset('shapes', 2);
  });
  afterAll(() => t?.close());

  it('queues seeds × values as one batch, queryable and cancellable as a whole', async () => {
    const params = [{ path: 'steps.wait.with.ms', values: [60_000, 59_000, 58_000] }];
    const queued = await t.gql<{ runBatch: Batch }>(runBatch, { spec: waitSpec, seeds: [1, 2, 3, 4], params });
    expect(queued.errors).toBeUndefined();
    const batch = queued.data!.runBatch;
    expect(batch.size).toBe(12);
    expect(batch.runs.every((run) => run.batchId === batch.id)).toBe(true);
    const canceled = await t.gql<{ cancelBatch: Batch }>(`mutation($id: ID!) { cancelBatch(id: $id) { id } }`, { id: batch.id });
    expect(canceled.errors).toBeUndefined();
    await expect
      .poll(async () => (await t.gql<{ batch: Batch }>(`query($id: ID!) { batch(id: $id) { ${batchFields} } }`, { id: batch.id })).data!.batch.statusCounts, {
        timeout: 20_000,
      })
      .toEqual([{ status: 'canceled', count: 12 }]);
  });

  it('shows a step served from the step cache as cached', async () => {
    const spec = { seed: 5, steps: [{ id: 'load', use: 'image.load', with: { dataset: 'shapes', count: 2 }, save: false }, { id: 'blur', use: 'image.blur', with: { sigma: 1 } }] };
    const statuses = async (blurSigma: number) => {
      const withSigma = { ...spec, steps: [spec.steps[0], { ...spec.steps[1], with: { sigma: blurSigma } }] };
      const queued = await t.gql<{ runPipeline: Run }>(`mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`, { spec: withSigma });
      await t.atelier.queue.wait(queued.data!.runPipeline.id);
      const { data } = await t.gql<{ run: Run }>(`query($id: ID!) { run(id: $id) { steps { stepId status durationMs } } }`, { id: queued.data!.runPipeline.id });
      return data!.run.steps.map((step) => `${step.stepId}:${step.status}`);
    };
    expect(await statuses(1)).toEqual(['load:succeeded', 'blur:succeeded']);
    expect(await statuses(2)).toEqual(['load:cached', 'blur:succeeded']);
  });

  it('refuses a batch over maxBatchRuns before anything is queued', async () => {
    const before = t.rowCounts();
    const result = await t.gql(runBatch, { spec: waitSpec, seeds: Array.from({ length: 13 }, (_, i) => i) });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 12, setting: 'limits.maxBatchRuns' });
    expect(t.rowCounts()).toEqual(before);
  });

  it('reads an artifact PNG’s provenance and re-runs it to the same image', async () => {
    const spec = { cache: false, steps: [{ id: 'load', use: 'image.load', with: { dataset: 'shapes', count: 1 }, save: false }, { id: 'noise', use: 'image.noise', with: { amount: 0.4 } }] };
    const submitted = await t.gql<{ runPipeline: Run }>(`mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`, { spec });
    const run = await t.atelier.queue.wait(submitted.data!.runPipeline.id);
    const [artifact] = t.atelier.artifacts.list(run.id);
    const png = Buffer.from(await (await fetch(`${t.url}/artifacts/${artifact.id}`)).arrayBuffer());
    const image = png.toString('base64');
    const provenance = await t.gql<{ imageProvenance: ImageProvenance }>(`query($image: String!) { imageProvenance(image: $image) { runId seed step engine spec } }`, { image });
    expect(provenance.data!.imageProvenance).toMatchObject({ runId: run.id, seed: run.seed, step: 'noise', engine: 'wasm', spec: run.spec });
    const rerun = await t.gql<{ rerunFromImage: Run }>(`mutation($image: String!) { rerunFromImage(image: $image) { id seed } }`, { image });
    expect(rerun.errors).toBeUndefined();
    const again = await t.atelier.queue.wait(rerun.data!.rerunFromImage.id);
    expect(again.status).toBe('succeeded');
    const [copy] = t.atelier.artifacts.list(again.id);
    const copyPng = Buffer.from(await (await fetch(`${t.url}/artifacts/${copy.id}`)).arrayBuffer());
    expect(withoutPngText(copyPng).equals(withoutPngText(png))).toBe(true);
  });

  it('lays out a contact sheet of a finished batch when asked', async () => {
    const spec = { steps: [{ id: 'load', use: 'image.load', with: { dataset: 'shapes', count: 1 } }, { id: 'flip', use: 'image.flip', with: { direction: 'horizontal' } }] };
    const queued = await t.gql<{ runBatch: { id: string } }>(`mutation($spec: JSON) { runBatch(spec: $spec, seeds: [1, 2, 3], contactSheet: true) { id } }`, { spec });
    expect(queued.errors).toBeUndefined();
    const sheetOf = async () =>
      (await t.gql<{ batch: { contactSheet: { status: string; artifacts: { url: string; width: number }[] } | null } }>(
        `query($id: ID!) { batch(id: $id) { contactSheet { status artifacts { url width } } } }`,
        { id: queued.data!.runBatch.id },
      )).data!.batch.contactSheet;
    await expect.poll(async () => (await sheetOf())?.status, { timeout: 60_000, interval: 200 }).toBe('succeeded');
    const [grid] = (await sheetOf())!.artifacts;
    const response = await fetch(`${t.url}${grid.url}`);
    expect(response.headers.get('content-type')).toBe('image/png');
    // Three seeds side by side: three cells wide.
    const [run] = t.atelier.batches.runsOf(queued.data!.runBatch.id);
    const cell = t.atelier.artifacts.list(run.id).find((a) => a.stepId === 'flip')!.width!;
    expect(grid.width).toBe(3 * (cell + 2) + 2);
  });
});
