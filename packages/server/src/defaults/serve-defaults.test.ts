import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess, type Started } from '../__fixtures__/server-process.js';
import { listDefaultCheckpoints } from './default-checkpoint.js';

describe('pnpm start with ATELIER_DEFAULTS=1', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-serve-defaults-'));
  let server: Started | undefined;
  afterAll(() => {
    server?.child.kill('SIGKILL');
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('serves a fresh home with the committed defaults, both MNIST data sets, the example photo and the example pipelines already installed', async () => {
    server = await startServerProcess({ ATELIER_HOME: home, ATELIER_PORT: '0', ATELIER_BACKEND: 'wasm', ATELIER_TOKEN: '', ATELIER_WORKERS: '1', ATELIER_DEFAULTS: '1', LOG_LEVEL: 'warn' });
    const data = await server.gql<{ datasets: { name: string }[]; checkpoints: { name: string }[]; pipelines: { name: string }[] }>(`{ datasets { name } checkpoints { name } pipelines { name } }`);
    expect(data.datasets.map((d) => d.name).sort()).toEqual(['digits', 'digits-holdout', 'example-photos']);
    expect(data.pipelines.map((p) => p.name).sort()).toEqual(['digits', 'edit-photo', 'morph', 'repair', 'walk']);
    expect(data.checkpoints.map((c) => c.name).sort()).toEqual(listDefaultCheckpoints().map((file) => file.name).sort());
  });
});
