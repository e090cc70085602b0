import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@atelier/core/testing';
import S3rver from 's3rver';
import { afterEach, describe, expect, it } from 'vitest';
import { startBullCluster, type BullCluster } from '../__fixtures__/bull-cluster.js';

let cluster: BullCluster | undefined;
let s3: { close(): Promise<void> } | undefined;
let bucketDir: string | undefined;

afterEach(async () => {
  await cluster?.stop();
  await s3?.close();
  if (bucketDir) fs.rmSync(bucketDir, { recursive: true, force: true });
});

describe('artifacts on an S3-compatible store', () => {
  it('a worker on another home uploads its images; the API serves them from the bucket', async () => {
    const port = await freePort();
    bucketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-s3-'));
    const server = new S3rver({ port, address: '127.0.0.1', directory: bucketDir, silent: true, configureBuckets: [{ name: 'atelier-test', configs: [] }] });
    await server.run();
    s3 = server;
    cluster = await startBullCluster({
      separateWorkerHome: true,
      artifactStore: {
        kind: 's3',
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        bucket: 'atelier-test',
        prefix: 'runs/',
        // s3rver's fixed credentials.
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
      },
    });
    const api = await cluster.startApi();
    await cluster.startWorker('gen:cpu');
    const { data, errors } = await api.gql(`mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`, {
      spec: { steps: [{ id: 'paint', use: 'scale.paint', with: { count: 2 } }, { id: 'grid', use: 'image.grid', with: { columns: 2 } }] },
    });
    expect(errors).toBeUndefined();
    const run = await api.atelier.queue.wait(data!.runPipeline.id);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');

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
    const missing = await fetch(`${api.url}/artifacts/no-such-artifact`);
    expect(missing.status).toBe(404);
  }, 120_000);
});
