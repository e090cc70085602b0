import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { pngImage } from './__fixtures__/png.js';
import { startServerProcess as start, type Started } from './__fixtures__/server-process.js';
import type { Run } from './schema/types.js';

const waitPluginPath = fileURLToPath(new URL('./__fixtures__/wait-plugin.ts', import.meta.url));

const quick = {
  steps: [
    { id: 'load', use: 'image.load', with: { dataset: 'shapes', count: 2 } },
    { id: 'blur', use: 'image.blur', with: { sigma: 1 } },
    { id: 'grid', use: 'image.grid', with: {} },
  ],
};
const slow = {
  steps: [
    { id: 'load', use: 'image.load', with: { dataset: 'shapes', count: 2 } },
    { id: 'wait', use: 'test.wait', with: { ms: 60_000 } },
  ],
};

const runQuery = `query($id: ID!) { run(id: $id) { id status steps { stepId status } artifacts { id url sha256 } } }`;

describe('pnpm start, killed and started again', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-restart-'));
  const configFile = path.join(home, 'atelier.config.json');
  fs.writeFileSync(configFile, JSON.stringify({ plugins: [waitPluginPath] }));
  // One worker: the runs queued behind the slow one must still be queued when the server is killed.
  const env = { ATELIER_HOME: home, ATELIER_PORT: '0', ATELIER_CONFIG: configFile, ATELIER_BACKEND: 'wasm', ATELIER_TOKEN: '', ATELIER_WORKERS: '1', LOG_LEVEL: 'warn' };
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('keeps finished artifacts, marks the killed run interrupted and runs the queued ones', async () => {
    const first = await start(env);
    children.push(first.child);
    const images = [0, 1, 2].map((i) => ({ data: pngImage(i).toString('base64') }));
    await first.gql(`mutation($images: [ImageUpload!]!) { uploadImages(dataset: "shapes", images: $images) { count } }`, { images });
    const submitTo = async (server: Started, spec: unknown) =>
      (await server.gql<{ runPipeline: Run }>(`mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`, { spec })).runPipeline.id;
    const submit = (spec: unknown) => submitTo(first, spec);
    const runOf = async (server: Started, id: string) => (await server.gql<{ run: Run }>(runQuery, { id })).run;

    const finished = await submit(quick);
    await expect.poll(async () => (await runOf(first, finished)).status, { timeout: 60_000, interval: 200 }).toBe('succeeded');
    const [killed, second, third] = [await submit(slow), await submit(quick), await submit(quick)];
    // Kill once the first queued run is inside its long step, with its first step's images written.
    await expect.poll(async () => (await runOf(first, killed)).steps.map((s) => s.status).join(), { timeout: 60_000, interval: 200 }).toBe('succeeded,running');
    const before = { finished: (await runOf(first, finished)).artifacts, killed: (await runOf(first, killed)).artifacts };
    expect(before.finished.length).toBeGreaterThan(0);
    expect(before.killed.length).toBe(2);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const again = await start(env);
    children.push(again.child);
    expect((await runOf(again, killed)).status).toBe('interrupted');
    for (const id of [second, third]) {
      await expect.poll(async () => (await runOf(again, id)).status, { timeout: 60_000, interval: 200 }).toBe('succeeded');
    }
    for (const artifact of [...before.finished, ...before.killed]) {
      const response = await fetch(`${again.url}${artifact.url}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe(`"${artifact.sha256}"`);
    }
    expect((await runOf(again, finished)).artifacts).toEqual(before.finished);

    const retried = await again.gql<{ retryRun: Run }>(`mutation($id: ID!) { retryRun(id: $id) { status } }`, { id: killed });
    expect(retried.retryRun.status).toBe('queued');
    await expect.poll(async () => (await runOf(again, killed)).status, { timeout: 30_000, interval: 200 }).toBe('running');

    // SIGTERM leaves within its deadline and marks the run it was running interrupted, not canceled.
    const stopping = performance.now();
    again.child.kill('SIGTERM');
    const code = await new Promise((resolve) => again.child.once('exit', resolve));
    expect(code).toBe(0);
    expect(performance.now() - stopping).toBeLessThan(5000);
    const last = await start(env);
    children.push(last.child);
    expect((await runOf(last, killed)).status).toBe('interrupted');
    const after = await submitTo(last, quick);
    await expect.poll(async () => (await runOf(last, after)).status, { timeout: 60_000, interval: 200 }).toBe('succeeded');
    last.child.kill('SIGTERM');
    await new Promise((resolve) => last.child.once('exit', resolve));
  });
});
