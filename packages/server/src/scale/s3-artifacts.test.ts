import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@atelier/core/testing';
import S3rver from 's3rver';
import { afterEach, describe, expect, it } from 'vitest';
import type { S3StoreConfig } from '@atelier/core';
import { S3ArtifactFiles } from '@atelier/artifacts-s3';
import { startBullCluster, type BullCluster } from '../__fixtures__/bull-cluster.js';
import { resolvePlugin } from '../plugin-resolver.js';

let cluster: BullCluster | undefined;
let s3: { close(): Promise<void> } | undefined;
let bucketDir: string | undefined;

afterEach(async () => {
  await cluster?.stop();
  await s3?.close();
  if (bucketDir) fs.rmSync(bucketDir, { recursive: true, force: true });
});

/** s3rver on loopback with an empty bucket; the store config that reaches it. */
async function startBucket(): Promise<S3StoreConfig> {
  const port = await freePort();
  bucketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-s3-'));
  const server = new S3rver({ port, address: '127.0.0.1', directory: bucketDir, silent: true, configureBuckets: [{ name: 'atelier-test', configs: [] }] });
  await server.run();
  s3 = server;
  // s3rver's fixed credentials.
  return { kind: 's3', endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', bucket: 'atelier-test', prefix: 'runs/', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
}

async function runPipeline(api: Awaited<ReturnType<BullCluster['startApi']>>, steps: unknown[]) {
  const { data, errors } = await api.gql(`mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`, { spec: { steps } });
  expect(errors).toBeUndefined();
  const run = await api.atelier.queue.wait(data!.runPipeline.id);
  expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
  return run;
}

describe('artifacts on an S3-compatible store', () => {
  it('a worker on another home uploads its images; the API serves them from the bucket', async () => {
    cluster = await startBullCluster({ separateWorkerHome: true, artifactStore: await startBucket() });
    const api = await cluster.startApi();
    await cluster.startWorker('gen:cpu');
    const run = await runPipeline(api, [{ id: 'paint', use: 'scale.paint', with: { count: 2 } }, { id: 'grid', use: 'image.grid', with: { columns: 2 } }]);

    const artifacts = api.atelier.artifacts.list(run.id);
    expect(artifacts.length).toBe(3);
    for (const artifact of artifacts) {
      // Neither home has the file: the API can only have it from the bucket.
      expect(fs.existsSync(path.join(cluster.home, artifact.path))).toBe(false);
      expect(fs.existsSync(path.join(cluster.workerHome, artifact.path))).toBe(false);
      const response = await fetch(`${api.url}/artifacts/${artifact.id}`);
      expect(response.status).toBe(200);
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.subarray(1, 4).toString()).toBe('PNG');
      expect(body.length).toBe(artifact.bytes);
    }
    expect((await fetch(`${api.url}/artifacts/no-such-artifact`)).status).toBe(404);
  }, 120_000);

  it('a checkpoint trained on one worker is uploaded, and fetched once by a worker on another home that generates from it', async () => {
    const store = await startBucket();
    cluster = await startBullCluster({ separateWorkerHome: true, artifactStore: store, plugins: [resolvePlugin('@atelier/plugin-gan')] });
    const api = await cluster.startApi();
    expect((await api.gql(`mutation { importDataset(source: mnist, name: "digits", limit: 64) { count } }`)).errors).toBeUndefined();
    // The trainer reads the data set, so it shares the API's home; the generator shares nothing.
    await cluster.startWorker('train:cpu', { home: cluster.home });
    const generator = await cluster.startWorker('gen:cpu');
    const training = await api.atelier.submitTraining({
      family: 'gan.dcgan',
      dataset: 'digits',
      name: 'tiny-gan',
      maxSteps: 1,
      hyperparameters: { latentSize: 8, generatorWidth: 8, discriminatorWidth: 8, batchSize: 16, previewEvery: 0 },
    });
    const trained = await api.atelier.queue.wait(training.id);
    expect(trained.status, JSON.stringify(trained.error)).toBe('succeeded');
    const checkpoint = api.atelier.checkpoints.find('tiny-gan')!;
    const bucket = new S3ArtifactFiles(store);
    try {
      for (const model of checkpoint.models) expect(await bucket.read(`${checkpoint.path}/${model}/weights.bin`)).not.toBeNull();
    } finally {
      bucket.close();
    }

    const cached = path.join(cluster.workerHome, checkpoint.path);
    expect(fs.existsSync(cached)).toBe(false);
    const generated = await runPipeline(api, [{ id: 'gen', use: 'gan.generate', with: { checkpoint: 'tiny-gan', count: 2 } }]);
    expect(generated.result.worker).toBe(generator.id);
    expect(fs.readdirSync(cached).sort()).toEqual([...checkpoint.models].sort());
    const [image] = api.atelier.artifacts.list(generated.id);
    expect((await fetch(`${api.url}/artifacts/${image.id}`)).status).toBe(200);
    // Cached: a second run on the same worker finds the files in place.
    const before = fs.statSync(path.join(cached, checkpoint.models[0], 'weights.bin')).mtimeMs;
    await runPipeline(api, [{ id: 'gen', use: 'gan.generate', with: { checkpoint: 'tiny-gan', count: 1 } }]);
    expect(fs.statSync(path.join(cached, checkpoint.models[0], 'weights.bin')).mtimeMs).toBe(before);
  }, 180_000);
});
