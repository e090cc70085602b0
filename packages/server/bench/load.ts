import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServer, type TestServer } from '../src/__fixtures__/test-server.js';
import { resolvePlugin } from '../src/plugin-resolver.js';

/**
 * Server benchmark (not a test), all in one run on one machine:
 * - p50/p99 latency of 200 concurrent `runs` queries on an idle server, then while a classifier
 *   trains in a worker process;
 * - throughput of 20 generation runs (a small DCGAN, 256 images each, gridded) with 1 worker and 2.
 * Last line: `server-bench: busy_p99_ratio=<busy p99 / idle p99> worker_speedup=<2-worker / 1-worker throughput>`.
 *   pnpm bench:server [--queries N] [--runs N]
 */
const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const queries = argument('--queries', 200);
const generationRuns = argument('--runs', 20);
const plugins = [resolvePlugin('@atelier/plugin-gan'), resolvePlugin('@atelier/plugin-cnn')];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function request(t: TestServer, query: string, variables?: Record<string, unknown>): Promise<Record<string, any>> {
  const result = await t.gql(query, variables);
  if (result.status !== 200 || result.errors) throw new Error(`${result.status} ${JSON.stringify(result.errors)}`);
  return result.data!;
}

async function latencies(t: TestServer): Promise<{ p50: number; p99: number }> {
  const times = await Promise.all(
    Array.from({ length: queries }, async () => {
      const started = performance.now();
      await request(t, `{ runs(first: 20) { totalCount edges { node { id status steps { stepId status } } } } }`);
      return performance.now() - started;
    }),
  );
  const sorted = times.sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** Submits the generation runs at once and returns finished runs per second. */
async function throughput(t: TestServer, seedBase: number): Promise<number> {
  // The step cache off: every run computes, as the measurement needs.
  const spec = {
    cache: false,
    steps: [
      { id: 'gen', use: 'gan.generate', with: { checkpoint: 'bench-gan', count: 256 }, save: false },
      { id: 'grid', use: 'image.grid', with: { columns: 16 } },
    ],
  };
  const started = performance.now();
  const ids = await Promise.all(
    Array.from({ length: generationRuns }, async (_, i) => (await request(t, `mutation($spec: JSON!, $seed: Float) { runPipeline(spec: $spec, seed: $seed) { id } }`, { spec, seed: seedBase + i })).runPipeline.id as string),
  );
  const finished = await Promise.all(ids.map((id) => t.atelier.queue.wait(id)));
  const failed = finished.filter((run) => run.status !== 'succeeded');
  if (failed.length > 0) throw new Error(`${failed.length} generation runs did not succeed: ${JSON.stringify(failed[0].error)}`);
  return generationRuns / ((performance.now() - started) / 1000);
}

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-'));
try {
  const two = await startTestServer({ home, plugins, workers: 2, limits: { maxRunsPerRequest: 1000, maxRunsPerClientPerMinute: 100_000 } });
  let idle: { p50: number; p99: number };
  let busy: { p50: number; p99: number };
  let twoWorkers: number;
  try {
    await request(two, `mutation { importDataset(source: mnist, name: "digits", limit: 3000) { count } }`);
    const gan = (await request(two, `mutation { trainModel(family: "gan.dcgan", dataset: "digits", name: "bench-gan", maxSteps: 20) { id } }`)).trainModel.id;
    if ((await two.atelier.queue.wait(gan)).status !== 'succeeded') throw new Error('the benchmark GAN did not train');
    await latencies(two); // warm-up: JIT, connection setup
    idle = await latencies(two);
    const classifier = (await request(two, `mutation { trainModel(family: "cnn.classifier", dataset: "digits", epochs: 5) { id } }`)).trainModel.id;
    await new Promise<void>((resolve) => {
      const stop = two.atelier.events.subscribe(classifier, (event) => event.type === 'training' && (stop(), resolve()));
    });
    busy = await latencies(two);
    if (two.atelier.runs.get(classifier)?.status !== 'running') throw new Error('the classifier stopped before the busy measurement ended');
    two.atelier.queue.cancel(classifier);
    await two.atelier.queue.wait(classifier);
    await throughput(two, 1000); // warm both workers (engine, plugins, checkpoint cache)
    twoWorkers = await throughput(two, 0);
  } finally {
    await two.close();
  }
  const one = await startTestServer({ home, plugins, workers: 1, limits: { maxRunsPerRequest: 1000, maxRunsPerClientPerMinute: 100_000 } });
  let oneWorker: number;
  try {
    await throughput(one, 1000);
    oneWorker = await throughput(one, 0);
  } finally {
    await one.close();
  }
  const ms = (value: number) => `${value.toFixed(1)}ms`;
  console.log(`runs queries (n=${queries}), idle server:         p50=${ms(idle.p50)} p99=${ms(idle.p99)}`);
  console.log(`runs queries (n=${queries}), classifier training: p50=${ms(busy.p50)} p99=${ms(busy.p99)}`);
  console.log(`generation runs (n=${generationRuns}): 1 worker ${oneWorker.toFixed(2)} runs/s, 2 workers ${twoWorkers.toFixed(2)} runs/s`);
  console.log(`server-bench: busy_p99_ratio=${(busy.p99 / idle.p99).toFixed(2)} worker_speedup=${(twoWorkers / oneWorker).toFixed(2)}`);
} finally {
  fs.rmSync(home, { recursive: true, force: true });
}
