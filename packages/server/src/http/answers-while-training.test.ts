import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../__fixtures__/test-server.js';
import { resolvePlugin } from '../plugin-resolver.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ plugins: [resolvePlugin('@atelier/plugin-cnn')], cancelGraceMs: 2000 });
  const imported = await t.gql(`mutation { importDataset(source: mnist, name: "digits", limit: 3000) { count } }`);
  expect(imported.errors).toBeUndefined();
});

afterAll(async () => {
  await t?.close();
});

describe('the API while a model trains in a worker process', () => {
  it('answers queries mid-epoch and cancels the training within the grace period', async () => {
    const trained = await t.gql<{ trainModel: { id: string } }>(
      `mutation { trainModel(family: "cnn.classifier", dataset: "digits", epochs: 3, hyperparameters: { patience: 5 }) { id } }`,
    );
    expect(trained.errors).toBeUndefined();
    const runId = trained.data!.trainModel.id;
    // The first loss report (step 10) means the epoch is under way: 3,000 digits take several seconds an epoch here.
    const progress = await new Promise<{ step: number; totalSteps?: number }>((resolve) => {
      const stop = t.atelier.events.subscribe(runId, (event) => {
        if (event.type === 'training') {
          stop();
          resolve(event.progress);
        }
      });
    });
    expect(progress.step).toBeLessThan(progress.totalSteps! / 3);

    const answered = await t.gql<{ runs: { edges: { node: { id: string; status: string } }[] } }>(`{ runs(first: 5) { edges { node { id status } } } }`);
    expect(answered.data!.runs.edges.find((edge) => edge.node.id === runId)?.node.status).toBe('running');
    // No checkpoint yet: the answer came before the first epoch ended.
    expect(t.atelier.checkpoints.list({ runId })).toEqual([]);
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);

    const canceled = await t.gql<{ cancelRun: { id: string } }>(`mutation($id: ID!) { cancelRun(id: $id) { id } }`, { id: runId });
    expect(canceled.errors).toBeUndefined();
    const requested = Date.now();
    const final = await t.atelier.queue.wait(runId);
    expect(final.status).toBe('canceled');
    expect(Date.now() - requested).toBeLessThan(2000 + 1000);

    const next = await t.gql<{ runPipeline: { id: string } }>(
      `mutation { runPipeline(spec: { steps: [{ id: "load", use: "image.load", with: { dataset: "digits", count: 2 } }] }) { id } }`,
    );
    expect((await t.atelier.queue.wait(next.data!.runPipeline.id)).status).toBe('succeeded');
  });

  it('fails a run whose worker is killed with WORKER_CRASHED and keeps answering', async () => {
    const trained = await t.gql<{ trainModel: { id: string } }>(`mutation { trainModel(family: "cnn.classifier", dataset: "digits", epochs: 3) { id } }`);
    const runId = trained.data!.trainModel.id;
    await new Promise<void>((resolve) => {
      const stop = t.atelier.events.subscribe(runId, (event) => event.type === 'training' && (stop(), resolve()));
    });
    const [pid] = t.atelier.pool.pids();
    process.kill(pid, 'SIGKILL');
    await t.atelier.queue.wait(runId);
    const run = await t.gql<{ run: { status: string; error: { code: string } } }>(`query($id: ID!) { run(id: $id) { status error { code } } }`, { id: runId });
    expect(run.data!.run).toEqual({ status: 'failed', error: { code: 'WORKER_CRASHED' } });
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);

    const next = await t.gql<{ runPipeline: { id: string } }>(
      `mutation { runPipeline(spec: { steps: [{ id: "load", use: "image.load", with: { dataset: "digits", count: 2 } }] }) { id } }`,
    );
    expect((await t.atelier.queue.wait(next.data!.runPipeline.id)).status).toBe('succeeded');
    expect(t.atelier.pool.pids()).not.toContain(pid);
    for (const edge of t.atelier.runs.list().runs) {
      for (const artifact of t.atelier.artifacts.list(edge.id)) {
        expect((await fetch(`${t.url}/artifacts/${artifact.id}`)).status).toBe(200);
      }
    }
  });
});
