import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess, type Started } from './__fixtures__/server-process.js';

/** Modules of the adapters and their clients: the embedded default must load none of them. */
const adapterModules = /\/node_modules\/(bullmq|ioredis|@aws-sdk\/[^/]+)\/|\/packages\/(queue-bullmq|artifacts-s3)\/|s3-artifact-files/;
/** Workers never open the database (the API process is its only writer). */
const sqliteModules = /\/node_modules\/better-sqlite3\//;

describe('pnpm start on the embedded default', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-embedded-'));
  const logs = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-modules-'));
  let server: Started | undefined;
  afterAll(() => {
    server?.child.kill('SIGKILL');
    for (const dir of [home, logs]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads no queue or cloud client in the server and its worker, and no SQLite in the worker', async () => {
    const hook = new URL('./__fixtures__/module-log.mjs', import.meta.url).href;
    // The config's defaults, installed ones included (tests turn them off elsewhere).
    const env = { ATELIER_HOME: home, ATELIER_PORT: '0', ATELIER_BACKEND: 'wasm', ATELIER_TOKEN: '', ATELIER_WORKERS: '1', ATELIER_DEFAULTS: '1', LOG_LEVEL: 'warn' };
    server = await startServerProcess({ ...env, NODE_OPTIONS: `--import=${hook}`, ATELIER_MODULE_LOG: logs });
    // A run, so the worker has loaded what running a pipeline needs too.
    const spec = { steps: [{ id: 'load', use: 'image.load', with: { dataset: 'digits', count: 2 } }, { id: 'noise', use: 'image.noise', with: { amount: 0.3 } }] };
    const { runPipeline } = await server.gql<{ runPipeline: { id: string } }>(`mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`, { spec });
    let status = 'queued';
    while (!['succeeded', 'failed', 'canceled', 'interrupted'].includes(status)) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      ({ status } = (await server.gql<{ run: { status: string } }>(`query($id: ID!) { run(id: $id) { status } }`, { id: runPipeline.id })).run);
    }
    expect(status).toBe('succeeded');

    const loaded = new Map(fs.readdirSync(logs).map((file) => [Number.parseInt(file, 10), fs.readFileSync(path.join(logs, file), 'utf8').split('\n')]));
    const serverModules = loaded.get(server.child.pid!)!;
    const workers = [...loaded.values()].filter((modules) => modules.some((url) => url.endsWith('/worker/worker-main.ts')));
    // The log sees packages: the server's SQLite and the worker's engine.
    expect(serverModules.some((url) => sqliteModules.test(url))).toBe(true);
    expect(workers.length).toBeGreaterThan(0);
    expect(serverModules.filter((url) => adapterModules.test(url))).toEqual([]);
    for (const modules of workers) {
      expect(modules.some((url) => url.includes('/node_modules/@tensorflow/tfjs-backend-wasm/'))).toBe(true);
      expect(modules.filter((url) => adapterModules.test(url) || sqliteModules.test(url))).toEqual([]);
    }
  });
});
