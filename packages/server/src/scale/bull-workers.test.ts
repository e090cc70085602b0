import fs from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '@atelier/core';
import { startBullCluster, type BullCluster } from '../__fixtures__/bull-cluster.js';
import type { TestServer } from '../__fixtures__/test-server.js';

let cluster: BullCluster;

afterEach(async () => {
  await cluster?.stop();
});

const final = new Set(['succeeded', 'failed', 'canceled', 'interrupted']);

function until<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = async () => {
      const value = await check();
      if (value) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(() => void poll(), 25);
    };
    void poll();
  });
}

async function submit(api: TestServer, ...steps: { id: string; use: string; with?: Record<string, unknown> }[]): Promise<string> {
  const { data, errors } = await api.gql(`mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`, {
    spec: { steps: [{ id: 'load', use: 'image.load', with: { dataset: 'one', count: 1 } }, ...steps] },
  });
  expect(errors).toBeUndefined();
  return data!.runPipeline.id;
}

/** Job state as BullMQ holds it (attempts, state), read from Redis directly. */
async function bullJob(queueName: string, runId: string) {
  const queue = new Queue(queueName, { connection: { url: cluster.redis.url } });
  try {
    const job = await queue.getJob(runId);
    return job ? { state: await job.getState(), attemptsStarted: job.attemptsStarted, processedBy: job.processedBy } : null;
  } finally {
    await queue.close();
  }
}

function openFiles(pid: number): string[] {
  return fs.readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
    try {
      return [fs.readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' })];
    } catch {
      return [];
    }
  });
}

describe('BullMQ workers', () => {
  it('two workers run 20 runs once each; artifacts come from the API; events in order; only the API opens SQLite', async () => {
    cluster = await startBullCluster();
    const api = await cluster.startApi();
    await api.uploadDataset('one', 1);
    const [a, b] = await Promise.all([cluster.startWorker('gen:cpu'), cluster.startWorker('gen:cpu')]);
    const events: RunEvent[] = [];
    api.atelier.events.subscribe('*', (event) => events.push(event));
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1) ids.push(await submit(api, { id: 'sleep', use: 'scale.sleep', with: { ms: 100 } }));
    const runs = await Promise.all(ids.map((id) => api.atelier.queue.wait(id)));

    expect(runs.map((run) => run.status)).toEqual(ids.map(() => 'succeeded'));
    const byWorker = new Set(runs.map((run) => run.result.worker));
    expect(byWorker).toEqual(new Set([a.id, b.id]));
    for (const id of ids) expect((await bullJob('atelier-gen-cpu', id))?.attemptsStarted).toBe(1);
    for (const run of runs) {
      const artifacts = api.atelier.artifacts.list(run.id);
      expect(artifacts).toHaveLength(2);
      const response = await fetch(`${api.url}/artifacts/${artifacts[1].id}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await response.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
      const sequence = events.filter((event) => event.runId === run.id).map((event) => ('stepId' in event ? `${event.stepId}:${event.status}` : event.type === 'status' ? event.status : event.type));
      expect(sequence.filter((entry) => !entry.startsWith('artifact'))).toEqual(['running', 'load:running', 'load:succeeded', 'sleep:running', 'sleep:running', 'sleep:succeeded', 'succeeded']);
    }
    const database = path.join(cluster.home, 'atelier.db');
    for (const worker of [a, b]) expect(openFiles(worker.child.pid!).filter((file) => file.startsWith(database))).toEqual([]);
    expect(openFiles(process.pid)).toContain(database);
  }, 180_000);
});
