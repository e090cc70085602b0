import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { loadAdapters } from './load-adapters.js';

describe('loadAdapters', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const configWith = (file: Record<string, unknown>) => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-adapters-'));
    dirs.push(cwd);
    fs.writeFileSync(path.join(cwd, 'atelier.config.json'), JSON.stringify(file));
    return { cwd, config: loadConfig({ cwd, env: {} }) };
  };

  it('loads nothing for the embedded queue and local artifact files', async () => {
    expect(await loadAdapters(configWith({}).config)).toEqual({ queue: null, artifactFiles: null });
  });

  it('names the adapter package a config needs when it is not installed (core does not depend on them)', async () => {
    const { config } = configWith({ queue: { kind: 'bullmq', url: 'redis://127.0.0.1:1' } });
    await expect(loadAdapters(config)).rejects.toMatchObject({ code: 'ADAPTER_MISSING', details: { path: 'queue.kind', package: '@atelier/queue-bullmq' } });
    const s3 = configWith({ artifactStore: { kind: 's3', bucket: 'atelier' } }).config;
    await expect(loadAdapters(s3)).rejects.toMatchObject({ code: 'ADAPTER_MISSING', details: { path: 'artifactStore.kind', package: '@atelier/artifacts-s3' } });
  });

  it('refuses a package that resolves but exports no adapter', async () => {
    const { cwd, config } = configWith({ queue: { kind: 'bullmq', url: 'redis://127.0.0.1:1' } });
    const impostor = path.join(cwd, 'impostor.mjs');
    fs.writeFileSync(impostor, 'export const somethingElse = 1;\n');
    await expect(loadAdapters(config, () => impostor)).rejects.toMatchObject({ code: 'ADAPTER_MISSING', message: '@atelier/queue-bullmq does not export queueAdapter' });
  });
});
