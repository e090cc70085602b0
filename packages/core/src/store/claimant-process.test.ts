import { spawn } from 'node:child_process';
import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineReport } from '@atelier/plugin-api';
import { createTestHome } from './__fixtures__/temp-home.js';
import { SqliteRunStore } from './run-store.js';

const engine = { backend: 'cpu', tfjsVersion: '4.22.0', native: false, simd: false, threads: 1, gpu: null, skipped: [] } as unknown as EngineReport;

describe('interrupting runs at start', () => {
  let home: ReturnType<typeof createTestHome>;
  beforeEach(() => {
    home = createTestHome();
  });
  afterEach(() => home.dispose());

  it('interrupts only runs whose claiming process is gone', async () => {
    const runs = new SqliteRunStore(home.db, home.clock);
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.on('exit', resolve));
    const claim = (pid: number) => {
      const run = runs.create({ kind: 'pipeline', name: null, spec: {}, seed: 1 });
      runs.markRunning(run.id, engine);
      home.db.sql.prepare('UPDATE runs SET worker = ? WHERE id = ?').run(`${os.hostname()}:${pid}`, run.id);
      return run.id;
    };
    const ofLive = claim(live.pid!);
    const ofDead = claim(dead.pid!);
    try {
      expect(runs.interruptRunning()).toEqual([ofDead]);
      expect(runs.get(ofLive)?.status).toBe('running');
      expect(runs.get(ofDead)?.status).toBe('interrupted');
    } finally {
      live.kill('SIGKILL');
    }
  });
});
