import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtelierError } from '@atelier/plugin-api';
import { createTestAtelier, importTestDigits, expectSucceeded, type TestAtelier } from '../testing/index.js';
import { roundFiles } from './shared-rounds.js';

let atelier: TestAtelier;

beforeAll(async () => {
  atelier = await createTestAtelier({ plugins: [new URL('../training/__fixtures__/autoencoder-plugin.ts', import.meta.url)], workers: 2, cancelGraceMs: 5_000 });
  await importTestDigits(atelier, 'digits', 32);
});
afterAll(() => atelier.cleanup());

const train = (extra: { workers?: number; stepDelayMs?: number; epochs?: number; seed?: number; family?: string; batchSize?: number } = {}) =>
  atelier.submitTraining({
    family: extra.family ?? 'test.autoencoder',
    dataset: 'digits',
    epochs: extra.epochs ?? 1,
    seed: extra.seed ?? 5,
    workers: extra.workers,
    hyperparameters: { batchSize: extra.batchSize ?? 8, stepDelayMs: extra.stepDelayMs ?? 0 },
  });

function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 20);
    };
    poll();
  });
}

/** Resolves once the run has reported `count` training steps. */
function stepsReported(runId: string, count: number): Promise<void> {
  let steps = 0;
  const off = atelier.events.subscribe(runId, (event) => {
    if (event.type === 'training') steps = event.progress.step;
  });
  return until(() => steps >= count, `${count} training steps`).finally(off);
}

describe('data-parallel training runs', () => {
  it('trains on all free workers by default, records K and the exchange share, and removes its shared files', async () => {
    const done = await expectSucceeded(atelier, await train());
    expect(roundFiles(done.id, 2).flat().filter((file) => fs.existsSync(file))).toEqual([]);
    const result = done.result as { workers: number; exchangeShare: number; losses: { step: number; mse: number }[] };
    expect(result.workers).toBe(2);
    expect(result.exchangeShare).toBeGreaterThan(0);
    expect(result.exchangeShare).toBeLessThan(1);
    // The leader alone reports: one loss point per global step (32 images / batch 8).
    expect(result.losses.map((point) => point.step)).toEqual([1, 2, 3, 4]);
    expect(atelier.checkpoints.list({ runId: done.id })).toHaveLength(1);
    expect(atelier.artifacts.list(done.id).filter((a) => a.kind === 'preview')).toHaveLength(1);
  });

  it('weights uneven shards by their size: batches of 7 (4 + 3 images, the last 2 + 2) train as on one worker', async () => {
    const losses = async (workers: number) => {
      const done = await expectSucceeded(atelier, await train({ workers, batchSize: 7, epochs: 2 }));
      expect(done.result.workers).toBe(workers);
      return (done.result.losses as { mse: number }[]).map((point) => point.mse);
    };
    const one = await losses(1);
    const two = await losses(2);
    expect(one).toHaveLength(10);
    expect(two).toHaveLength(10);
    two.forEach((mse, i) => expect(Math.abs(mse - one[i])).toBeLessThanOrEqual(1e-5 * one[i]));
  });

  it('trains a family that does not average gradients on one worker, and says so in the result', async () => {
    const done = await expectSucceeded(atelier, await train({ family: 'test.serial-autoencoder', workers: 2 }));
    expect(done.result.workers).toBe(1);
    expect(done.result.workersNote).toMatch(/test\.serial-autoencoder trains on one worker/);
    expect(done.result.exchangeShare).toBeUndefined();
  });

  it('refuses more workers than the pool has, naming the field and the limit', async () => {
    const refused = await train({ workers: 3 }).catch((error: AtelierError) => error);
    expect(refused).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { path: 'workers', limit: 2 } });
  });

  it('cancels all K workers: the run is canceled, both stop without being killed and take the next run', async () => {
    const pidsBefore = atelier.pool.pids().sort();
    const run = await train({ workers: 2, stepDelayMs: 200, epochs: 50 });
    await stepsReported(run.id, 2);
    expect(atelier.queue.cancel(run.id)).toBe(true);
    expect((await atelier.queue.wait(run.id)).status).toBe('canceled');
    // Stopped at the signal, within the grace period: the same two processes are alive and idle.
    expect(atelier.pool.pids().sort()).toEqual(pidsBefore);
    const next = await expectSucceeded(atelier, await train({ workers: 2 }));
    expect(next.result.workers).toBe(2);
  });

  it('fails the run with WORKER_CRASHED when one rank dies, frees the other, and the next K = 2 run succeeds', async () => {
    const run = await train({ workers: 2, stepDelayMs: 200, epochs: 50 });
    await stepsReported(run.id, 2);
    const [victim, survivor] = atelier.pool.pids();
    process.kill(victim, 'SIGKILL');
    const failed = await atelier.queue.wait(run.id);
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('WORKER_CRASHED');
    // The surviving rank was stopped politely and stays in the pool; the next run starts a fresh one beside it.
    expect(atelier.pool.pids()).toEqual([survivor]);
    const next = await expectSucceeded(atelier, await train({ workers: 2 }));
    expect(next.result.workers).toBe(2);
    expect(atelier.pool.pids()).toContain(survivor);
  });
});
