import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Atelier } from '../atelier.js';
import { loadConfig, type LimitsConfig } from '../config/config.js';
import type { BackendChoice } from '../engine/engine.js';
import type { QueueConfig } from '../config/queue-config.js';
import type { RunRecord } from '../contracts/records.js';

export { createTestContext, type TestContextOptions } from './editor-context.js';
export * from './redis-server.js';
export * from '@atelier/plugin-api/testing';
export { withCompressedText } from './compressed-text.js';
export { imageDigest } from './image-digest.js';
export { importTestDigits, testDigits } from './mnist-digits.js';
export { rowCounts } from './row-counts.js';

export interface TestAtelier extends Atelier {
  home: string;
  /** Closes the app and removes its temp home. */
  cleanup(): Promise<void>;
}

/**
 * A real Atelier on a temp home (real SQLite, real files, the built-in `image` plugin plus the
 * given ones), for tests in every package.
 */
export async function createTestAtelier(
  options: {
    /** Plugin modules (file paths or `file:` URLs, e.g. `new URL('./index.ts', import.meta.url)`), loaded by every worker too. */
    plugins?: (string | URL)[];
    backend?: BackendChoice;
    home?: string;
    workers?: number;
    cancelGraceMs?: number;
    limits?: Partial<LimitsConfig>;
    queue?: QueueConfig;
  } = {},
): Promise<TestAtelier> {
  const home = options.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-test-'));
  const defaults = loadConfig({ cwd: home, env: {} });
  const config = loadConfig({
    cwd: home,
    env: {},
    overrides: {
      home,
      plugins: [],
      backend: options.backend ?? 'wasm',
      workers: options.workers ?? 1,
      cancelGraceMs: options.cancelGraceMs ?? defaults.cancelGraceMs,
      limits: { ...defaults.limits, ...options.limits },
      queue: options.queue ?? defaults.queue,
    },
  });
  // Imported here so a plugin's editor tests never load SQLite or the stores.
  const { createAtelier } = await import('../container.js');
  const atelier = await createAtelier({ config, plugins: options.plugins?.map(modulePath) });
  return Object.assign(atelier, {
    home,
    async cleanup() {
      await atelier.close({ cancelRunning: true });
      fs.rmSync(home, { recursive: true, force: true });
    },
  });
}

/** A plugin module given as a path or a `file:` URL, as a path. */
export function modulePath(module: string | URL): string {
  return module instanceof URL || module.startsWith('file:') ? fileURLToPath(module) : module;
}

/** Waits for a submitted run and fails with its recorded error when it did not succeed. */
export async function expectSucceeded(atelier: Atelier, run: RunRecord): Promise<RunRecord> {
  const done = await atelier.queue.wait(run.id);
  if (done.status !== 'succeeded') throw new Error(`Run ${run.id} ${done.status}: ${JSON.stringify(done.error)}`);
  return done;
}
export * from './declared-shapes.js';
