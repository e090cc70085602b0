import fs from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '@atelier/core';
import type { BullJobQueue } from '@atelier/queue-bullmq';
import { resolvePlugin } from '../plugin-resolver.js';
import { startBullCluster, type BullCluster } from '../__fixtures__/bull-cluster.js';
import type { TestServer } from '../__fixtures__/test-server.js';

let cluster: BullCluster;

afterEach(async () => {
  await cluster?.stop();
});

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
    const { data } = await api.gql(`query($id: ID!) { run(id: $id) { worker } }`, { id: ids[0] });
    expect(data!.run.worker).toBe(runs[0].result.worker);
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

  it('cancels a running job blocked past half its lock within grace + 1 s, unretried and its child gone; a canceled queued run never starts', async () => {
    cluster = await startBullCluster();
    const api = await cluster.startApi();
    await api.uploadDataset('one', 1);
    await Promise.all([cluster.startWorker('gen:cpu'), cluster.startWorker('gen:cpu')]);
    const events: RunEvent[] = [];
    api.atelier.events.subscribe('*', (event) => events.push(event));
    const childOf = (runId: string) =>
      until(() => {
        const progress = events.find((event) => event.runId === runId && event.type === 'step' && event.progress?.message?.startsWith('pid '));
        return progress?.type === 'step' && Number(progress.progress!.message!.slice(4));
      }, `the child of ${runId}`);
    const blocked = await submit(api, { id: 'block', use: 'scale.block', with: { ms: 30_000 } });
    // Blocks longer than the lock (2 s): its worker keeps renewing it, so it is neither stalled nor retried.
    const other = await submit(api, { id: 'block', use: 'scale.block', with: { ms: 3000 } });
    const child = await childOf(blocked);
    await childOf(other);
    const queued = await submit(api, { id: 'sleep', use: 'scale.sleep', with: { ms: 0 } });
    // The visible queue: one run waits while each worker holds one.
    const seen = await until(async () => {
      const { data } = await api.gql(`{ queues { name waiting active } workers { id host pid engine { backend } capabilities concurrency currentRuns lastHeartbeat } }`);
      const workers = data!.workers as { currentRuns: string[] }[];
      return data!.queues.find((queue: { name: string }) => queue.name === 'gen:cpu').waiting === 1 && workers.some((worker) => worker.currentRuns.length > 0) && workers.flatMap((worker) => worker.currentRuns).length === 2 && data;
    }, 'the queue as GraphQL shows it');
    expect(seen!.queues.find((queue: { name: string }) => queue.name === 'gen:cpu')).toEqual({ name: 'gen:cpu', waiting: 1, active: 2 });
    expect(seen!.workers.flatMap((worker: { currentRuns: string[] }) => worker.currentRuns).sort()).toEqual([blocked, other].sort());
    for (const worker of seen!.workers) expect(worker).toMatchObject({ engine: { backend: 'wasm' }, capabilities: ['gen:cpu'], concurrency: 1 });
    expect((await api.gql(`mutation($id: ID!) { cancelRun(id: $id) { id } }`, { id: queued })).errors).toBeUndefined();
    expect((await api.atelier.queue.wait(queued)).status).toBe('canceled');

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const canceledAt = Date.now();
    expect((await api.gql(`mutation($id: ID!) { cancelRun(id: $id) { id } }`, { id: blocked })).errors).toBeUndefined();
    const canceled = await api.atelier.queue.wait(blocked);
    expect(canceled.status).toBe('canceled');
    expect(Date.now() - canceledAt).toBeLessThan(1000 + 1000);
    expect(() => process.kill(child, 0)).toThrow();
    expect(await bullJob('atelier-gen-cpu', blocked)).toMatchObject({ state: 'failed', attemptsStarted: 1 });

    expect((await api.atelier.queue.wait(other)).status).toBe('succeeded');
    expect(await bullJob('atelier-gen-cpu', other)).toMatchObject({ state: 'completed', attemptsStarted: 1 });
    expect(events.filter((event) => event.runId === queued).map((event) => event.type === 'status' && event.status)).toEqual(['canceled']);
    expect(await bullJob('atelier-gen-cpu', queued)).toBeNull();

    // Retried under their own ids: neither the old failed job nor the old cancel stands in the way.
    for (const id of [queued, blocked]) expect((await api.gql(`mutation($id: ID!) { retryRun(id: $id) { id } }`, { id })).errors).toBeUndefined();
    expect((await api.atelier.queue.wait(queued)).status).toBe('succeeded');
    await until(() => api.atelier.runs.get(blocked)!.status === 'running', 'the retried run to start');
    expect(await bullJob('atelier-gen-cpu', blocked)).toMatchObject({ state: 'active', attemptsStarted: 1 });
    api.atelier.queue.cancel(blocked);
    expect((await api.atelier.queue.wait(blocked)).status).toBe('canceled');
  }, 120_000);

  it('re-runs the job of a worker killed mid-job on the other worker', async () => {
    cluster = await startBullCluster();
    const api = await cluster.startApi();
    await api.uploadDataset('one', 1);
    const workers = await Promise.all([cluster.startWorker('gen:cpu'), cluster.startWorker('gen:cpu')]);
    const run = await submit(api, { id: 'sleep', use: 'scale.sleep', with: { ms: 4000 } });
    await until(() => api.atelier.runs.steps(run).find((step) => step.stepId === 'sleep')?.status === 'running', 'the step to run');
    const first = api.atelier.runs.get(run)!.result.worker;
    const victim = workers.find((worker) => worker.id === first)!;
    victim.child.kill('SIGKILL');
    const done = await api.atelier.queue.wait(run);
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
    expect(done.result.worker).toBe(workers.find((worker) => worker !== victim)!.id);
    expect(await bullJob('atelier-gen-cpu', run)).toMatchObject({ state: 'completed', attemptsStarted: 2 });
    expect(api.atelier.runs.steps(run).map((step) => step.status)).toEqual(['succeeded', 'succeeded']);
  }, 120_000);

  it('an API restarted while runs are in flight records their final states and artifacts', async () => {
    cluster = await startBullCluster();
    const first = await cluster.startApi();
    await first.uploadDataset('one', 1);
    await Promise.all([cluster.startWorker('gen:cpu'), cluster.startWorker('gen:cpu')]);
    const quick = [await submit(first, { id: 'sleep', use: 'scale.sleep', with: { ms: 1500 } }), await submit(first, { id: 'sleep', use: 'scale.sleep', with: { ms: 1500 } })];
    const late = await submit(first, { id: 'sleep', use: 'scale.sleep', with: { ms: 3000 } });
    await until(() => quick.every((id) => first.atelier.runs.get(id)!.status === 'running'), 'two runs to start');
    await first.close();
    // While no API listens: the quick runs finish, the late one starts.
    const state = async (id: string) => (await bullJob('atelier-gen-cpu', id))?.state;
    await until(async () => (await state(late)) === 'active' && (await state(quick[0])) === 'completed' && (await state(quick[1])) === 'completed', 'the late run to start', 60_000);

    const second = await cluster.startApi();
    await (second.atelier.queue as BullJobQueue).ready();
    for (const id of quick) {
      const run = second.atelier.runs.get(id)!;
      expect(run.status).toBe('succeeded');
      expect(second.atelier.artifacts.list(id)).toHaveLength(2);
    }
    const done = await second.atelier.queue.wait(late);
    expect(done.status).toBe('succeeded');
    expect(second.atelier.runs.steps(late).map((step) => step.status)).toEqual(['succeeded', 'succeeded']);
    for (const artifact of second.atelier.artifacts.list(late)) expect((await fetch(`${second.url}/artifacts/${artifact.id}`)).status).toBe(200);
  }, 120_000);

  it('routes by capability: a CPU worker never takes train:gpu, nor starts on a GPU queue', async () => {
    cluster = await startBullCluster({ queue: { engines: { pipeline: 'cpu', training: 'gpu' } }, plugins: [resolvePlugin('@atelier/plugin-cnn')] });
    const api = await cluster.startApi();
    await api.uploadDataset('one', 1);
    const refused = cluster.spawnWorker('train:gpu');
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toContain('ENGINE_UNAVAILABLE');
    await cluster.startWorker('gen:cpu,train:cpu');
    const training = await api.atelier.submitTraining({ family: 'cnn.restorer', dataset: 'one', maxSteps: 1, epochs: 1 });
    const generation = await submit(api, { id: 'sleep', use: 'scale.sleep', with: { ms: 0 } });
    expect((await api.atelier.queue.wait(generation)).status).toBe('succeeded');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(api.atelier.runs.get(training.id)!.status).toBe('queued');
    expect(await bullJob('atelier-train-gpu', training.id)).toMatchObject({ state: 'waiting', attemptsStarted: 0 });
  }, 120_000);

  it('SIGTERM drains: a running job finishes; past the deadline it is canceled', async () => {
    // Room for the 1 s job on a loaded machine; the long job runs 10× past it.
    const drainDeadlineMs = 6000;
    cluster = await startBullCluster({ queue: { drainDeadlineMs } });
    const api = await cluster.startApi();
    await api.uploadDataset('one', 1);
    const worker = await cluster.startWorker('gen:cpu');
    const short = await submit(api, { id: 'sleep', use: 'scale.sleep', with: { ms: 1000 } });
    await until(() => api.atelier.runs.get(short)!.status === 'running', 'the short run to start');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    // Finished, not canceled at the deadline: the drain waited for it.
    expect((await api.atelier.queue.wait(short)).status).toBe('succeeded');

    const stubborn = await cluster.startWorker('gen:cpu');
    const long = await submit(api, { id: 'sleep', use: 'scale.sleep', with: { ms: 60_000 } });
    await until(() => api.atelier.runs.get(long)!.status === 'running', 'the long run to start');
    const sentAt = Date.now();
    stubborn.child.kill('SIGTERM');
    expect(await stubborn.exited).toBe(0);
    // Canceled at the deadline, long before the 60 s job would have ended by itself.
    expect(Date.now() - sentAt).toBeLessThan(drainDeadlineMs + 20_000);
    expect((await api.atelier.queue.wait(long)).status).toBe('canceled');
  }, 120_000);
});
