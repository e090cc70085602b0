import { resolvePlugin } from './plugin-resolver.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './__fixtures__/test-server.js';

/**
 * The product's core promise across plugins, over GraphQL: train a generator and a judge, then
 * generate, classify, filter and lay out the survivors — and score generators against each other.
 */
let server: TestServer;

const finished = new Set(['succeeded', 'failed', 'canceled', 'interrupted']);

async function waitForRun(id: string): Promise<{ status: string; result: Record<string, any>; error: unknown; steps: any[] }> {
  for (;;) {
    const { data } = await server.gql(`query($id: ID!) { run(id: $id) { status result error { code message } steps { stepId status records imageMeta } } }`, { id });
    if (finished.has(data!.run.status)) return data!.run;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function train(family: string, name: string, maxSteps: number, hyperparameters: Record<string, unknown>) {
  const { data, errors } = await server.gql(
    `mutation($family: String!, $name: String!, $maxSteps: Int!, $h: JSON) {
       trainModel(family: $family, dataset: "digits", name: $name, maxSteps: $maxSteps, epochs: 100, hyperparameters: $h, seed: 1) { id }
     }`,
    { family, name, maxSteps, h: hyperparameters },
  );
  expect(errors).toBeUndefined();
  const run = await waitForRun(data!.trainModel.id);
  expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
  return run.result;
}

async function runPipeline(steps: unknown[]) {
  const { data, errors } = await server.gql(`mutation($spec: JSON!) { runPipeline(spec: $spec, seed: 3) { id } }`, { spec: { steps } });
  expect(errors).toBeUndefined();
  const run = await waitForRun(data!.runPipeline.id);
  expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
  return run;
}

const smallGan = { latentSize: 16, generatorWidth: 16, discriminatorWidth: 16, batchSize: 32, previewEvery: 0 };

beforeAll(async () => {
  server = await startTestServer({ plugins: [resolvePlugin('@atelier/plugin-gan'), resolvePlugin('@atelier/plugin-cnn')] });
  const { errors } = await server.gql(`mutation { importDataset(source: mnist, name: "digits", limit: 1000) { count } }`);
  expect(errors).toBeUndefined();
  await train('cnn.classifier', 'judge', 60, { filters: 8, embeddingSize: 32, batchSize: 32, blocks: 2 });
  await train('gan.dcgan', 'gan-untrained', 1, smallGan);
  await train('gan.dcgan', 'gan-trained', 150, smallGan);
});

afterAll(() => server.close());

describe('generate, then judge and edit', () => {
  it('generates 64 digits, classifies them, keeps the confident ones and lays them out', async () => {
    const run = await runPipeline([
      { id: 'gen', use: 'gan.generate', with: { checkpoint: 'gan-trained', count: 64 }, save: false },
      { id: 'judge', use: 'cnn.classify', with: { checkpoint: 'judge' }, save: false },
      { id: 'keep', use: 'cnn.filter', with: { checkpoint: 'judge', minConfidence: 0.9 } },
      { id: 'sheet', use: 'image.grid', with: { columns: 8 } },
    ]);
    const judge = run.steps.find((s) => s.stepId === 'judge');
    expect(judge.imageMeta).toHaveLength(64);
    expect(judge.imageMeta.every((m: { labelName?: string; confidence?: number }) => typeof m.labelName === 'string' && m.confidence! >= 0 && m.confidence! <= 1)).toBe(true);
    const keep = run.steps.find((s) => s.stepId === 'keep');
    expect(keep.records.kept + keep.records.dropped).toBe(64);
    expect(keep.imageMeta).toHaveLength(keep.records.kept);
    expect(keep.imageMeta.every((m: { confidence: number }) => m.confidence >= 0.9)).toBe(true);
  });

  it('scores a trained generator clearly better than an untrained one', async () => {
    const score = async (checkpoint: string) => {
      const run = await runPipeline([
        { id: 'gen', use: 'gan.generate', with: { checkpoint, count: 64 }, save: false },
        { id: 'score', use: 'cnn.quality', with: { checkpoint: 'judge', realCount: 200 }, save: false },
      ]);
      return run.steps.find((s) => s.stepId === 'score').records.quality as { frechetDistance: number };
    };
    const untrained = await score('gan-untrained');
    const trained = await score('gan-trained');
    expect(trained.frechetDistance).toBeLessThan(untrained.frechetDistance * 0.8);
  });
});
