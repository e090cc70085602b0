/**
 * `pnpm bench:pipelines`: the step cache's gain when only a pipeline's last step changes. Times a
 * load → resize → three blurs → sharpen pipeline (8 images at 256×256) run with the cache off and
 * then with only the sharpen sigma changed (earlier steps `cached`), each on a warm worker, median
 * of the repeats. Not a test: figures depend on the machine and its load.
 *
 *   --repeats N   runs of each kind (default 5)
 *   --json        print the figures as one JSON object
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeShapeImages } from '../src/__fixtures__/images.js';
import { loadConfig } from '../src/config/config.js';
import { createAtelier } from '../src/container.js';
import { homeBytes } from '../src/store/home-usage.js';
import type { RunRecord } from '../src/contracts/records.js';

const repeats = Number(process.argv[process.argv.indexOf('--repeats') + 1]) || 5;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-pipelines-'));
const config = loadConfig({ cwd: home, env: {}, overrides: { home, plugins: [], workers: 1, backend: 'wasm' } });
const atelier = await createAtelier({ config });

try {
  const images = await writeShapeImages(config.inputRoots[0], { count: 8, width: 64, height: 64 });
  const spec = (sigma: number, cache: boolean) => ({
    seed: 1,
    cache,
    steps: [
      { id: 'load', use: 'image.load', with: { paths: images }, save: false },
      { id: 'big', use: 'image.resize', with: { width: 256, height: 256 }, save: false },
      ...[1, 2, 3].map((i) => ({ id: `blur${i}`, use: 'image.blur', with: { sigma: 3 }, save: false })),
      { id: 'sharpen', use: 'image.sharpen', with: { sigma } },
    ],
  });
  const run = async (raw: unknown): Promise<{ ms: number; statuses: string[] }> => {
    const done: RunRecord = await atelier.queue.wait((await atelier.submitPipeline(raw)).id);
    if (done.status !== 'succeeded') throw new Error(`run ${done.status}: ${JSON.stringify(done.error)}`);
    return { ms: Date.parse(done.finishedAt!) - Date.parse(done.startedAt!), statuses: atelier.runs.steps(done.id).map((s) => s.status) };
  };
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

  await run(spec(0.5, false)); // warms the worker (engine, plugins)
  const uncached: number[] = [];
  const cached: number[] = [];
  await run(spec(1, true)); // fills the cache for the unchanged steps
  for (let i = 0; i < repeats; i++) {
    const sigma = 1.5 + i * 0.25;
    uncached.push((await run(spec(sigma, false))).ms);
    const hit = await run(spec(sigma + 0.1, true));
    if (hit.statuses.slice(0, -1).some((status) => status !== 'cached')) throw new Error(`expected earlier steps cached, got ${hit.statuses.join(',')}`);
    cached.push(hit.ms);
  }
  const figures = {
    backend: atelier.engine.report().backend,
    repeats,
    uncachedMs: median(uncached),
    lastStepChangedMs: median(cached),
    ratio: Number((median(uncached) / median(cached)).toFixed(2)),
    cacheBytes: await homeBytes(path.join(home, 'cache')),
  };
  if (process.argv.includes('--json')) console.log(JSON.stringify(figures));
  else
    console.log(
      `step cache (${figures.backend}, median of ${repeats}): uncached ${figures.uncachedMs} ms, last step changed ${figures.lastStepChangedMs} ms → ${figures.ratio}× faster; cache holds ${figures.cacheBytes} bytes`,
    );
} finally {
  await atelier.close();
  fs.rmSync(home, { recursive: true, force: true });
}
