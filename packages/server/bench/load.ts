import 'reflect-metadata';
import { startTestServer } from '../src/__fixtures__/test-server.js';

/**
 * Load check (not a test): 200 concurrent `runs` queries and 50 concurrent small pipeline
 * submissions against one server on a temp home. Prints p50/p99 latency per kind of request and
 * fails when a request failed or a submitted run did not finish successfully.
 *   pnpm tsx packages/server/bench/load.ts
 */
const queries = 200;
const submissions = 50;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T | null; error: string | null }> {
  const started = performance.now();
  try {
    const value = await work();
    return { ms: performance.now() - started, value, error: null };
  } catch (error) {
    return { ms: performance.now() - started, value: null, error: (error as Error).message };
  }
}

const t = await startTestServer();
try {
  await t.uploadDataset('bench', 8);
  const request = async (query: string, variables?: Record<string, unknown>) => {
    const result = await t.gql(query, variables);
    if (result.status !== 200 || result.errors) throw new Error(`${result.status} ${JSON.stringify(result.errors)}`);
    return result.data!;
  };
  const spec = {
    steps: [
      { id: 'load', use: 'image.load', with: { dataset: 'bench', count: 2 } },
      { id: 'blur', use: 'image.blur', with: { sigma: 1 } },
      { id: 'grid', use: 'image.grid', with: {} },
    ],
  };
  const started = performance.now();
  const [reads, writes] = await Promise.all([
    Promise.all(
      Array.from({ length: queries }, () =>
        timed(() => request(`{ runs(first: 20) { totalCount edges { node { id status steps { stepId status } } } } }`)),
      ),
    ),
    Promise.all(
      Array.from({ length: submissions }, (_, i) =>
        timed(async () => (await request(`mutation($spec: JSON!, $seed: Float) { runPipeline(spec: $spec, seed: $seed) { id } }`, { spec, seed: i })).runPipeline.id as string),
      ),
    ),
  ]);
  const requestsMs = performance.now() - started;
  const runIds = writes.flatMap((w) => (w.value ? [w.value] : []));
  const finished = await Promise.all(runIds.map((id) => t.atelier.queue.wait(id)));
  const allMs = performance.now() - started;

  const report = (name: string, results: { ms: number; error: string | null }[]) => {
    const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
    const failed = results.filter((r) => r.error);
    console.log(`${name.padEnd(22)} n=${results.length} p50=${percentile(sorted, 50).toFixed(1)}ms p99=${percentile(sorted, 99).toFixed(1)}ms failed=${failed.length}`);
    for (const failure of failed.slice(0, 3)) console.log(`  ${failure.error}`);
    return failed.length;
  };
  const failures = report('runs queries', reads) + report('pipeline submissions', writes);
  const succeeded = finished.filter((run) => run.status === 'succeeded').length;
  console.log(`requests done in ${requestsMs.toFixed(0)}ms; ${succeeded}/${submissions} runs succeeded after ${allMs.toFixed(0)}ms`);
  process.exitCode = failures === 0 && succeeded === submissions ? 0 : 1;
} finally {
  await t.close();
}
