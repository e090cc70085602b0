import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineReport } from '@atelier/plugin-api';
import { createTestHome, type ManualClock } from './__fixtures__/temp-home.js';
import { FileArtifactStore } from './artifact-store.js';
import type { Database, RunRecord } from '../contracts/records.js';
import { SqliteRunStore } from './run-store.js';

const engine: EngineReport = { backend: 'cpu', tfjsVersion: '4.22.0', native: false, simd: false, threads: 1, gpu: null, skipped: [], kernels: [] };

describe('SqliteRunStore', () => {
  let home: ReturnType<typeof createTestHome>;
  let db: Database;
  let clock: ManualClock;
  let runs: SqliteRunStore;

  beforeEach(() => {
    home = createTestHome();
    ({ db, clock } = home);
    runs = new SqliteRunStore(db, clock);
  });
  afterEach(() => home.dispose());

  const createPipelineRun = () =>
    runs.create({
      kind: 'pipeline',
      name: 'demo',
      spec: { steps: [{ id: 'a' }, { id: 'b' }] },
      seed: 7,
      steps: [
        { stepId: 'a', use: 'image.load' },
        { stepId: 'b', use: 'image.sharpen' },
      ],
    });

  it('records a run through its lifecycle with step timings and records', () => {
    const run = createPipelineRun();
    expect(run).toMatchObject({ status: 'queued', kind: 'pipeline', name: 'demo', seed: 7, result: {}, error: null, startedAt: null });
    expect(runs.queued().map((r) => r.id)).toEqual([run.id]);

    runs.markRunning(run.id, engine);
    runs.startStep(run.id, 'a');
    clock.advance(250);
    runs.finishStep(run.id, 'a', { status: 'succeeded', records: { kept: 3 }, imageMeta: [{ seed: 1, label: 2, labelName: 'two' }] });
    runs.mergeResult(run.id, { checkpoint: 'c1' });
    runs.finish(run.id, 'succeeded', { result: { images: 4 } });

    const done = runs.get(run.id)!;
    expect(done).toMatchObject({ status: 'succeeded', engine, result: { checkpoint: 'c1', images: 4 } });
    expect(done.startedAt).toBe('2025-01-01T00:00:00.000Z');
    expect(done.finishedAt).toBe('2025-01-01T00:00:00.250Z');
    const [a, b] = runs.steps(run.id);
    expect(a).toMatchObject({ stepId: 'a', index: 0, use: 'image.load', status: 'succeeded', durationMs: 250, records: { kept: 3 } });
    expect(a.imageMeta).toEqual([{ seed: 1, label: 2, labelName: 'two' }]);
    expect(b).toMatchObject({ stepId: 'b', index: 1, status: 'pending', durationMs: null });
    expect(runs.queued()).toEqual([]);
  });

  it('pages through 50 runs newest first with stable cursors, filters and counts', () => {
    const created: RunRecord[] = [];
    for (let i = 0; i < 50; i++) {
      // Pairs share a timestamp so ties must be broken by insertion order.
      if (i % 2 === 0) clock.advance(1000);
      created.push(runs.create({ kind: i % 5 === 0 ? 'training' : 'pipeline', name: i % 3 === 0 ? 'three' : 'other', spec: { i }, seed: i }));
    }
    for (const run of created.slice(0, 10)) runs.finish(run.id, 'failed');

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = runs.list({}, { first: 7, after });
      expect(page.totalCount).toBe(50);
      seen.push(...page.runs.map((r) => r.id));
      pages++;
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    expect(pages).toBe(8);
    expect(seen).toEqual(created.map((r) => r.id).reverse());

    expect(runs.list().runs).toHaveLength(20);
    const failed = runs.list({ status: ['failed'] }, { first: 4 });
    expect(failed.totalCount).toBe(10);
    expect(failed.runs.map((r) => r.id)).toEqual(created.slice(6, 10).map((r) => r.id).reverse());
    const next = runs.list({ status: ['failed'] }, { first: 100, after: failed.endCursor });
    expect(next.runs.map((r) => r.id)).toEqual(created.slice(0, 6).map((r) => r.id).reverse());
    expect(next.hasNextPage).toBe(false);

    expect(runs.list({ kind: 'training' }).totalCount).toBe(10);
    expect(runs.list({ name: 'three', kind: 'training' }).runs.map((r) => r.spec.i)).toEqual([45, 30, 15, 0]);
    const window = runs.list({ createdAfter: created[9].createdAt, createdBefore: created[20].createdAt }, { first: 50 });
    expect(window.runs.map((r) => r.spec.i)).toEqual([19, 18, 17, 16, 15, 14, 13, 12, 11, 10]);
    expect(() => runs.list({}, { after: 'not-a-cursor' })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });

  it('marks running runs interrupted and their running steps failed with INTERRUPTED', () => {
    const running = createPipelineRun();
    const queued = createPipelineRun();
    runs.markRunning(running.id, engine);
    runs.startStep(running.id, 'a');

    expect(runs.interruptRunning()).toEqual([running.id]);
    expect(runs.get(running.id)).toMatchObject({ status: 'interrupted', error: { code: 'INTERRUPTED' } });
    expect(runs.steps(running.id).map((s) => [s.status, s.error?.code ?? null])).toEqual([
      ['failed', 'INTERRUPTED'],
      ['pending', null],
    ]);
    expect(runs.get(queued.id)!.status).toBe('queued');
    expect(runs.interruptRunning()).toEqual([]);
  });

  it('requeues only interrupted, failed or canceled runs and resets their steps', () => {
    const run = createPipelineRun();
    expect(() => runs.requeue(run.id)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    runs.markRunning(run.id, engine);
    expect(() => runs.requeue(run.id)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    runs.startStep(run.id, 'a');
    runs.finishStep(run.id, 'a', { status: 'failed', error: { code: 'INTERNAL', message: 'boom', details: {} } });
    runs.finish(run.id, 'failed', { error: { code: 'INTERNAL', message: 'boom', details: {} } });

    const again = runs.requeue(run.id);
    expect(again).toMatchObject({ status: 'queued', error: null, startedAt: null, finishedAt: null });
    expect(runs.steps(run.id).every((s) => s.status === 'pending' && s.error === null && s.durationMs === null)).toBe(true);
    runs.finish(run.id, 'succeeded');
    expect(() => runs.requeue(run.id)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => runs.requeue('missing')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('deletes a run with its steps, artifact rows and artifact files', () => {
    const artifacts = new FileArtifactStore(db, clock);
    const run = createPipelineRun();
    const other = createPipelineRun();
    const art = artifacts.write({ runId: run.id, stepId: 'a', kind: 'image', name: 'a.png', mime: 'image/png', data: Buffer.from('png') });
    const kept = artifacts.write({ runId: other.id, stepId: 'a', kind: 'image', name: 'b.png', mime: 'image/png', data: Buffer.from('png') });
    expect(fs.existsSync(artifacts.absolutePath(art))).toBe(true);

    expect(runs.delete(run.id)).toBe(true);
    expect(runs.get(run.id)).toBeNull();
    expect(runs.steps(run.id)).toEqual([]);
    expect(artifacts.get(art.id)).toBeNull();
    expect(fs.existsSync(artifacts.absolutePath(art))).toBe(false);
    expect(fs.existsSync(path.join(db.paths.artifacts, run.id))).toBe(false);
    expect(fs.existsSync(artifacts.absolutePath(kept))).toBe(true);
    expect(runs.delete(run.id)).toBe(false);
  });
});
