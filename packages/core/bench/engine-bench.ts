/**
 * `pnpm bench`: times a DCGAN-style 28×28 training step (batch 64) and the generation of 64 images on
 * tfjs's CPU backend as shipped (a child process with Atelier's kernels off) and on the engine Atelier
 * selects, then checks memory over many steps. Not a test: figures depend on the machine and its load.
 *
 *   --steps N       training steps for the memory check (default 200)
 *   --repeats N     timed repetitions on the selected engine, median reported (default 5, after warm-up)
 *   --cpu-steps N   timed CPU training steps (default 1: one shipped CPU step takes minutes)
 *   --parallel-steps N  timed DCGAN steps on K = 1 and K = 2 worker processes per round (default 5)
 *   --parallel-warm-up N untimed steps before them (default 5: a fresh process takes about that many
 *                       steps to reach its steady pace, its WASM heap growing and its code compiling)
 *   --parallel-rounds N rounds in which K = 1 and K = 2 take turns (default 5)
 *   --json [path]   write the figures as JSON to path, or stdout
 *
 * The data-parallel figure forks K processes that step on their shards of the same batch of 64 and
 * average gradients through the training runs' exchange (`parallel-bench.ts`):
 * parallel_speedup = K=2 steps/s ÷ K=1 steps/s, medians over all rounds. Each round also times one
 * shard (batch 32) alone pinned to each core (machines of up to 4 cores with `taskset`): K = 2 steps in
 * lockstep, so where the cores differ in speed the slower one sets its pace; K = 1's step over that
 * shard step at each core's pace is printed beside parallel_speedup. train_speedup = the shipped CPU step ÷ Atelier's training step as a run takes
 * it by default (every free worker): the faster of one engine and K = 2 workers.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createDcgan, stepMultiplyAdds } from '../src/engine/__fixtures__/dcgan.js';
import { initEngine } from '../src/engine/engine.js';
import { kernelsFlag } from '../src/engine/register-kernels.js';
import { tf } from '@atelier/plugin-api';
import type { WasmBackend } from '../src/engine/kernels/wasm-backend.js';
import { canPinToCore, rankMain, timeParallelSteps, type RankTiming } from './parallel-bench.js';

const batch = 64;

interface Timing {
  backend: string;
  trainMs: number;
  trainSamples: number;
  generateMs: number;
  generateSamples: number;
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timeIt(repeats: number, run: () => void): number[] {
  return Array.from({ length: repeats }, () => {
    const start = performance.now();
    run();
    return performance.now() - start;
  });
}

/** Times training and generation on the current engine; warm-up runs first unless told not to. */
function measure(trainRepeats: number, generateRepeats: number, warmUp: number, onGenerated?: (ms: number[]) => void) {
  const gan = createDcgan();
  const real = tf.randomUniform([batch, 28, 28, 1], -1, 1) as tf.Tensor4D;
  const generate = () => {
    const images = gan.generate(batch);
    images.dataSync();
    images.dispose();
  };
  for (let i = 0; i < warmUp; i++) {
    gan.step(real);
    generate();
  }
  const generateMs = timeIt(generateRepeats, generate);
  onGenerated?.(generateMs);
  const trainMs = timeIt(trainRepeats, () => gan.step(real));
  return { gan, real, trainMs, generateMs };
}

/** Child process: the CPU backend exactly as tfjs ships it. */
async function baseline(): Promise<void> {
  const engine = await initEngine('cpu');
  const { gan, real, trainMs, generateMs } = measure(option('--cpu-steps', 1), option('--repeats', 5), 0, (ms) =>
    // A shipped CPU training step takes minutes; show generation as soon as it is known.
    console.error(`cpu (shipped kernels): generate 64 median ${median(ms).toFixed(1)} ms (n=${ms.length}); training…`),
  );
  gan.dispose();
  real.dispose();
  const timing: Timing = {
    backend: `${engine.report().backend} (shipped kernels)`,
    trainMs: median(trainMs),
    trainSamples: trainMs.length,
    generateMs: median(generateMs),
    generateSamples: generateMs.length,
  };
  process.stdout.write(`${JSON.stringify(timing)}\n`);
}

function runBaseline(): Promise<Timing> {
  const script = fileURLToPath(import.meta.url);
  const args = [...process.execArgv, script, '--baseline', ...process.argv.slice(2)];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, [kernelsFlag]: 'shipped', ATELIER_BACKEND: 'cpu' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as Timing);
      else reject(new Error(`CPU baseline exited with ${code}: ${out}`));
    });
  });
}

/** tf.memory() does not report the WASM heap: its size (the high-water mark) where the backend is WASM, else 0. */
function wasmHeapBytes(): number {
  return tf.getBackend() === 'wasm' ? (tf.backend() as WasmBackend).wasm.HEAPU8.buffer.byteLength : 0;
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

/**
 * How this host's cores bear on parallel_speedup: K = 2 steps in lockstep, so while a rank runs on a
 * slower core both go at its pace. K = 1's step over one shard's step alone on each core is the
 * speedup K = 2 would reach at that core's pace, before any exchange and any sharing of memory.
 */
function reportCorePace(coreShardMs: number[], oneWorkerMs: number, shard: number) {
  const spread = Math.max(...coreShardMs) / Math.min(...coreShardMs);
  const speedupAtCorePace = coreShardMs.map((ms) => oneWorkerMs / ms);
  console.log(`  one shard (batch ${shard}) alone, pinned to each core: ${coreShardMs.map((ms, cpu) => `cpu${cpu} ${ms.toFixed(1)} ms`).join(', ')} (slowest ${spread.toFixed(2)}× the fastest)`);
  console.log(`  K = 1 step ÷ that shard step: ${speedupAtCorePace.map((ratio, cpu) => `${ratio.toFixed(2)} at cpu${cpu}'s pace`).join(', ')}`);
  return { coreShardMs, spread, speedupAtCorePace };
}

async function main(): Promise<void> {
  const steps = option('--steps', 200);
  const repeats = Math.max(5, option('--repeats', 5));
  const engine = await initEngine();
  const report = engine.report();
  console.log(`engine: ${report.backend} tfjs ${report.tfjsVersion} native=${report.native} simd=${report.simd} threads=${report.threads} kernels=[${report.kernels.join(', ')}]`);

  const { gan, real, trainMs, generateMs } = measure(repeats, repeats, 2);
  const memory = () => ({ rss: process.memoryUsage().rss, wasmHeap: wasmHeapBytes(), tensors: tf.memory().numTensors });
  const before = memory();
  for (let i = 0; i < steps; i++) gan.step(real);
  const after = memory();
  gan.dispose();
  real.dispose();
  const fast: Timing = { backend: report.backend, trainMs: median(trainMs), trainSamples: trainMs.length, generateMs: median(generateMs), generateSamples: generateMs.length };
  const rssGrowth = (after.rss - before.rss) / before.rss;
  const memoryPass = after.tensors <= before.tensors && rssGrowth < 0.1;
  console.log(`memory over ${steps} steps after warm-up: RSS ${mib(before.rss)} → ${mib(after.rss)} MiB (${(rssGrowth * 100).toFixed(1)}%), WASM heap ${mib(before.wasmHeap)} → ${mib(after.wasmHeap)} MiB, tensors ${before.tensors} → ${after.tensors}: ${memoryPass ? 'PASS' : 'FAIL'}`);
  console.log(`${report.backend}: train step median ${fast.trainMs.toFixed(1)} ms, generate 64 median ${fast.generateMs.toFixed(1)} ms (n=${repeats})`);

  const parallelSteps = option('--parallel-steps', 5);
  const parallelWarmUp = option('--parallel-warm-up', 5);
  // This host's cores change speed with its neighbours' load from one minute to the next; more turns
  // and the ratio of each round show how far that moves the figure.
  const parallelRounds = option('--parallel-rounds', 5);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const samples = new Map<number, RankTiming>([1, 2].map((workers) => [workers, { stepMs: [], exchangeMs: [] }]));
  // Each rank's own compute (its step less the time in allReduce) in K = 2: which rank the others wait for.
  const rankComputeMs: number[][] = [[], []];
  // K = 2 steps in lockstep, so its pace is its slowest core's; a shard's step on each core alone shows
  // how far this host's cores differ. Probed only on small machines: every core costs a process a round.
  const cores = os.availableParallelism();
  const pinnable = canPinToCore();
  const probedCores = cores <= 4 && pinnable ? Array.from({ length: cores }, (_, cpu) => cpu) : [];
  const coreShardMs: number[][] = probedCores.map(() => []);
  // K = 1 and K = 2 take turns, so a change in the machine's load between them skews neither figure.
  const roundSpeedups: number[] = [];
  for (let round = 1; round <= parallelRounds; round++) {
    const roundMs: number[] = [];
    for (const [workers, timing] of samples) {
      console.log(`timing the DCGAN step (batch ${batch}) on ${workers} worker process${workers > 1 ? 'es' : ''} (round ${round} of ${parallelRounds})…`);
      const ranks = await timeParallelSteps(workers, batch, parallelSteps, parallelWarmUp);
      const [leader] = ranks;
      timing.stepMs.push(...leader.stepMs);
      timing.exchangeMs.push(...leader.exchangeMs);
      roundMs.push(median(leader.stepMs));
      if (workers === 2) ranks.forEach((rank, index) => rankComputeMs[index].push(...rank.stepMs.map((ms, step) => ms - rank.exchangeMs[step])));
    }
    roundSpeedups.push(roundMs[0] / roundMs[1]);
    for (const cpu of probedCores) {
      const [alone] = await timeParallelSteps(1, batch / 2, parallelSteps, parallelWarmUp, cpu);
      coreShardMs[cpu].push(...alone.stepMs);
    }
  }
  const parallel = [...samples].map(([workers, timing]) => {
    const stepMs = median(timing.stepMs);
    const exchangeShare = sum(timing.exchangeMs) / sum(timing.stepMs);
    console.log(`  K = ${workers}: step median ${stepMs.toFixed(1)} ms, ${(1000 / stepMs).toFixed(2)} steps/s, exchange ${(exchangeShare * 100).toFixed(1)}% of a step`);
    return { workers, stepMs, stepsPerSecond: 1000 / stepMs, exchangeShare, samples: timing.stepMs.length };
  });
  const parallelSpeedup = parallel[1].stepsPerSecond / parallel[0].stepsPerSecond;
  console.log(`  K = 2 against K = 1, round by round: ${roundSpeedups.map((r) => r.toFixed(2)).join(' ')}`);
  const rankCompute = rankComputeMs.map(median);
  console.log(`  K = 2, each rank's own compute (its step less allReduce): ${rankCompute.map((ms, rank) => `rank ${rank} ${ms.toFixed(1)} ms`).join(', ')}`);
  const corePace = probedCores.length > 1 ? reportCorePace(coreShardMs.map(median), parallel[0].stepMs, batch / 2) : undefined;
  if (!corePace) console.log(`  per-core pace: not probed (${cores} cores${pinnable ? '' : ', no taskset'})`);

  console.log('timing the CPU backend as shipped in a child process…');
  const cpu = await runBaseline();
  const gmacs = stepMultiplyAdds(batch) / 1e9;
  // A training run takes every free worker by default, so Atelier's training step is the faster of one
  // engine in this process and the K = 2 data-parallel step; the one-engine ratio is printed too.
  const oneEngineSpeedup = cpu.trainMs / fast.trainMs;
  const trainSpeedup = cpu.trainMs / Math.min(fast.trainMs, parallel[1].stepMs);
  const generateSpeedup = cpu.generateMs / fast.generateMs;

  const rows = [cpu, fast].map((t) => [
    t.backend.padEnd(24),
    `${t.trainMs.toFixed(1)} ms (n=${t.trainSamples})`.padEnd(22),
    `${t.generateMs.toFixed(1)} ms (n=${t.generateSamples})`.padEnd(22),
    `${(gmacs / (t.trainMs / 1000)).toFixed(2)}`,
  ]);
  console.log(`\n${'backend'.padEnd(24)}${'train step (median)'.padEnd(22)}${'generate 64 (median)'.padEnd(22)}train GFLOP/s (1 multiply-add = 1)`);
  for (const row of rows) console.log(row.join(''));
  console.log(`\ntraining step = ${gmacs.toFixed(2)} G multiply-adds at batch ${batch}; against the shipped CPU step: one engine ${oneEngineSpeedup.toFixed(1)}×, K = 2 workers ${(cpu.trainMs / parallel[1].stepMs).toFixed(1)}×`);
  console.log(`\n${'data parallel'.padEnd(24)}${'train step (median)'.padEnd(22)}${'steps/s'.padEnd(10)}${'exchange'.padEnd(10)}train GFLOP/s`);
  for (const p of parallel) {
    console.log(
      [
        `${report.backend}, K = ${p.workers}`.padEnd(24),
        `${p.stepMs.toFixed(1)} ms (n=${p.samples})`.padEnd(22),
        p.stepsPerSecond.toFixed(2).padEnd(10),
        `${(p.exchangeShare * 100).toFixed(1)}%`.padEnd(10),
        (gmacs / (p.stepMs / 1000)).toFixed(2),
      ].join(''),
    );
  }

  const jsonIndex = process.argv.indexOf('--json');
  if (jsonIndex >= 0) {
    const json = JSON.stringify({ engine: report, batch, stepMultiplyAdds: gmacs * 1e9, cpu, fast, trainSpeedup, oneEngineSpeedup, generateSpeedup, parallel, parallelSpeedup, roundSpeedups, rankCompute, corePace, memory: { steps, before, after, rssGrowth, pass: memoryPass } }, null, 2);
    const target = process.argv[jsonIndex + 1];
    if (target && !target.startsWith('--')) writeFileSync(target, `${json}\n`);
    else console.log(json);
  }
  console.log(
    `engine-bench: train_speedup=${trainSpeedup.toFixed(1)} generate_speedup=${generateSpeedup.toFixed(1)} parallel_speedup=${parallelSpeedup.toFixed(2)} backend=${report.backend}`,
  );
}

if (process.argv.includes('--baseline')) await baseline();
else if (process.argv.includes('--rank')) await rankMain(option);
else await main();
