import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shapeImage } from '../__fixtures__/images.js';
import { createTestAtelier, expectSucceeded, type TestAtelier } from '../testing/index.js';
import type { RunRecord } from '../contracts/records.js';

const processPlugin = new URL('./__fixtures__/process-plugin.ts', import.meta.url);
let atelier: TestAtelier;

afterEach(async () => {
  await atelier?.cleanup();
});

/** A pipeline over one uploaded image, then the given steps. */
async function pipeline(...steps: { id: string; use: string; with?: Record<string, unknown> }[]): Promise<RunRecord> {
  if (!atelier.datasets.get('one')) await atelier.datasets.importImages('one', [{ data: await shapeImage(0, { width: 8, height: 8 }) }]);
  return atelier.submitPipeline({ steps: [{ id: 'load', use: 'image.load', with: { dataset: 'one', count: 1 } }, ...steps] });
}

function until<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      const value = check();
      if (value) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 20);
    };
    poll();
  });
}

const stepRecords = (run: RunRecord, stepId: string) => atelier.runs.steps(run.id).find((s) => s.stepId === stepId)!.records;

function everyArtifactHasItsFile(): void {
  for (const run of atelier.runs.list().runs) {
    for (const artifact of atelier.artifacts.list(run.id)) expect(fs.existsSync(atelier.artifacts.absolutePath(artifact))).toBe(true);
  }
}

describe('worker processes', () => {
  it('run pipelines in a reused child process that never opens the database', async () => {
    atelier = await createTestAtelier({ plugins: [processPlugin] });
    const first = await expectSucceeded(atelier, await pipeline({ id: 'sleep', use: 'test.sleep', with: { ms: 0 } }));
    const second = await expectSucceeded(atelier, await pipeline({ id: 'sleep', use: 'test.sleep', with: { ms: 0 } }));
    const pid = stepRecords(first, 'sleep').pid as number;
    expect(pid).not.toBe(process.pid);
    expect(atelier.pool.pids()).toEqual([pid]);
    // Warm: the second run found the engine and plugins already loaded in the same process.
    expect(stepRecords(second, 'sleep').pid).toBe(pid);
    expect(atelier.artifacts.list(first.id)).toHaveLength(2);

    const database = path.join(atelier.home, 'atelier.db');
    // A descriptor may close between listing and reading it; those are skipped.
    const open = (p: number) =>
      fs.readdirSync(`/proc/${p}/fd`).flatMap((fd) => {
        try {
          return [fs.readlinkSync(`/proc/${p}/fd/${fd}`, { encoding: 'utf8' })];
        } catch {
          return [];
        }
      });
    // The check can fail: this process does hold the database open.
    expect(open(process.pid).some((file) => file.startsWith(database))).toBe(true);
    expect(open(pid).filter((file) => file.startsWith(database))).toEqual([]);
    everyArtifactHasItsFile();
  });

  it('cancels a running run at once, and one that ignores the signal by killing its worker after the grace period', async () => {
    atelier = await createTestAtelier({ plugins: [processPlugin], cancelGraceMs: 300 });
    const polite = await pipeline({ id: 'sleep', use: 'test.sleep', with: { ms: 600_000 } });
    await until(() => atelier.runs.steps(polite.id).find((s) => s.stepId === 'sleep')?.status === 'running', 'the sleep step to start');
    const queued = await pipeline({ id: 'sleep', use: 'test.sleep', with: { ms: 0 } });
    expect(atelier.queue.cancel(polite.id)).toBe(true);
    expect((await atelier.queue.wait(polite.id)).status).toBe('canceled');
    const queuedDone = await expectSucceeded(atelier, queued);
    const politePid = stepRecords(queuedDone, 'sleep').pid;

    const stubborn = await pipeline({ id: 'block', use: 'test.stubborn', with: { ms: 600_000 } });
    const events: string[] = [];
    atelier.events.subscribe(stubborn.id, (event) => event.type === 'step' && event.progress && events.push(event.stepId));
    await until(() => events.includes('block'), 'the blocking step to report');
    atelier.queue.cancel(stubborn.id);
    const canceled = await atelier.queue.wait(stubborn.id);
    expect(canceled.status).toBe('canceled');
    expect(atelier.runs.steps(stubborn.id).find((s) => s.stepId === 'block')?.status).toBe('canceled');
    expect(atelier.pool.pids()).not.toContain(politePid);

    const after = await expectSucceeded(atelier, await pipeline({ id: 'sleep', use: 'test.sleep', with: { ms: 0 } }));
    expect(stepRecords(after, 'sleep').pid).not.toBe(politePid);
  });

  it('never starts a run canceled while queued', async () => {
    atelier = await createTestAtelier({ plugins: [processPlugin] });
    const running = await pipeline({ id: 'sleep', use: 'test.sleep', with: { ms: 600_000 } });
    const queued = await pipeline({ id: 'sleep', use: 'test.sleep', with: { ms: 0 } });
    expect(atelier.queue.cancel(queued.id)).toBe(true);
    atelier.queue.cancel(running.id);
    await atelier.queue.wait(running.id);
    const record = await atelier.queue.wait(queued.id);
    expect(record.status).toBe('canceled');
    expect(record.startedAt).toBeNull();
    expect(atelier.runs.steps(queued.id).every((s) => s.startedAt === null)).toBe(true);
  });

  it('fails the run of a worker killed with SIGKILL as WORKER_CRASHED, replaces it, and loses nothing recorded', async () => {
    atelier = await createTestAtelier({ plugins: [processPlugin] });
    const run = await pipeline({ id: 'sleep', use: 'test.sleep', with: { ms: 600_000 } });
    await until(() => atelier.runs.steps(run.id).find((s) => s.stepId === 'sleep')?.status === 'running', 'the sleep step to start');
    const [pid] = atelier.pool.pids();
    process.kill(pid, 'SIGKILL');
    const failed = await atelier.queue.wait(run.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'WORKER_CRASHED', details: { signal: 'SIGKILL' } });
    expect(atelier.runs.steps(run.id).map((s) => [s.stepId, s.status])).toEqual([
      ['load', 'succeeded'],
      ['sleep', 'failed'],
    ]);
    // The load step's image was recorded before the crash and keeps its file.
    expect(atelier.artifacts.list(run.id)).toHaveLength(1);
    const next = await expectSucceeded(atelier, await pipeline({ id: 'sleep', use: 'test.sleep', with: { ms: 0 } }));
    expect(stepRecords(next, 'sleep').pid).not.toBe(pid);
    everyArtifactHasItsFile();
  });

  it('replaces a worker after an engine fault instead of reusing it', async () => {
    atelier = await createTestAtelier({ plugins: [processPlugin] });
    const faulty = await atelier.queue.wait((await pipeline({ id: 'fault', use: 'test.engine-fault' })).id);
    expect(faulty.status).toBe('failed');
    expect(faulty.error?.message).toContain('memory access out of bounds');
    const next = await expectSucceeded(atelier, await pipeline({ id: 'sleep', use: 'test.sleep', with: { ms: 0 } }));
    expect(stepRecords(next, 'sleep').pid).not.toBe(stepRecords(faulty, 'fault').pid);
  });

  it('runs as many runs at once as it has workers', async () => {
    atelier = await createTestAtelier({ plugins: [processPlugin], workers: 2 });
    const runs = [await pipeline({ id: 'sleep', use: 'test.sleep', with: { ms: 600_000 } }), await pipeline({ id: 'sleep', use: 'test.sleep', with: { ms: 600_000 } })];
    await until(() => runs.every((run) => atelier.runs.get(run.id)?.status === 'running'), 'both runs to run');
    const pids = await until(() => {
      const recorded = runs.map((run) => atelier.runs.steps(run.id).find((s) => s.stepId === 'sleep')?.status === 'running');
      return recorded.every(Boolean) && atelier.pool.pids();
    }, 'both sleep steps');
    expect(new Set(pids).size).toBe(2);
    // A third run waits for a worker as `queued`, never `running` without one.
    const third = await pipeline({ id: 'sleep', use: 'test.sleep', with: { ms: 0 } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(atelier.runs.get(third.id)?.status).toBe('queued');
    for (const run of runs) atelier.queue.cancel(run.id);
    await expectSucceeded(atelier, third);
    for (const run of runs) expect((await atelier.queue.wait(run.id)).status).toBe('canceled');
  });

  it('decodes an upload in an extra worker while every worker is busy, then stops that worker', async () => {
    atelier = await createTestAtelier({ plugins: [processPlugin] });
    const busy = await pipeline({ id: 'sleep', use: 'test.sleep', with: { ms: 600_000 } });
    await until(() => atelier.runs.steps(busy.id).find((s) => s.stepId === 'sleep')?.status === 'running', 'the sleep step to start');
    const [poolWorker] = atelier.pool.pids();
    const images = await Promise.all([1, 2, 3].map((i) => shapeImage(i, { width: 12, height: 10 })));
    const record = await atelier.datasets.importImages('uploads', images.map((data) => ({ data })));
    expect(record).toMatchObject({ count: 3, width: 12, height: 10, channels: 3 });
    expect(atelier.datasets.load('uploads').pixels).toHaveLength(3 * 12 * 10 * 3);
    expect(atelier.runs.get(busy.id)?.status).toBe('running');
    await until(() => atelier.pool.pids().length === 1, 'the extra worker to stop');
    expect(atelier.pool.pids()).toEqual([poolWorker]);
    atelier.queue.cancel(busy.id);
    await atelier.queue.wait(busy.id);
  });
});
