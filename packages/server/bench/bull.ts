import 'reflect-metadata';
import { startBullCluster } from '../src/__fixtures__/bull-cluster.js';
import { startTestServer, type TestServer } from '../src/__fixtures__/test-server.js';

/**
 * BullMQ figures (not a test): generation runs per minute with 1 and 2 `atelier worker` processes
 * (and their ratio, in one run), and the latency one run adds on BullMQ against the embedded queue.
 * Runs are small built-in pipelines (load 4 images, blur, grid), so the queue's share shows.
 *   pnpm bench:bull
 */
const sequential = 6;
const batch = 16;
const steps = [
  { id: 'load', use: 'image.load', with: { dataset: 'bench', count: 4 } },
  { id: 'blur', use: 'image.blur', with: { sigma: 1 } },
  { id: 'grid', use: 'image.grid', with: { columns: 2 } },
];

async function runOnce(api: TestServer): Promise<void> {
  const { data, errors } = await api.gql(`mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`, { spec: { steps } });
  if (errors) throw new Error(JSON.stringify(errors));
  const run = await api.atelier.queue.wait(data!.runPipeline.id);
  if (run.status !== 'succeeded') throw new Error(`run ${run.id} ${run.status}: ${JSON.stringify(run.error)}`);
}

/** Mean milliseconds from submit to succeeded, one run at a time, after one warm-up run. */
async function latency(api: TestServer): Promise<number> {
  await runOnce(api);
  const started = performance.now();
  for (let i = 0; i < sequential; i += 1) await runOnce(api);
  return (performance.now() - started) / sequential;
}

async function runsPerMinute(api: TestServer): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: batch }, () => runOnce(api)));
  return (batch / (performance.now() - started)) * 60_000;
}

const embedded = await startTestServer({ workers: 1 });
let embeddedMs: number;
try {
  await embedded.uploadDataset('bench', 4);
  embeddedMs = await latency(embedded);
} finally {
  await embedded.close();
}

const cluster = await startBullCluster({ queue: { lockDurationMs: 30_000, stalledIntervalMs: 30_000, heartbeatMs: 5000 } });
try {
  const api = await cluster.startApi();
  await api.uploadDataset('bench', 4);
  await cluster.startWorker('gen:cpu');
  const bullMs = await latency(api);
  const oneWorker = await runsPerMinute(api);
  await cluster.startWorker('gen:cpu');
  await runOnce(api);
  const twoWorkers = await runsPerMinute(api);
  const figures = {
    embeddedLatencyMs: Math.round(embeddedMs),
    bullLatencyMs: Math.round(bullMs),
    addedLatencyMs: Math.round(bullMs - embeddedMs),
    runsPerMinuteOneWorker: Math.round(oneWorker * 10) / 10,
    runsPerMinuteTwoWorkers: Math.round(twoWorkers * 10) / 10,
    ratio: Math.round((twoWorkers / oneWorker) * 100) / 100,
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
} finally {
  await cluster.stop();
}
