import { execFileSync, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createDcgan } from '../src/engine/__fixtures__/dcgan.js';
import { initEngine } from '../src/engine/engine.js';
import { setCurrentShard, tf } from '@atelier/plugin-api';
import { createAllReduce } from '../src/parallel/all-reduce.js';
import { shardRange } from '@atelier/plugin-api';
import { removeRoundFiles, roundFiles, sharedRank, type RoundFiles } from '../src/parallel/shared-rounds.js';
import { GradientExchange } from '../src/worker/gradient-exchange.js';

/** What each rank reports: per timed step, its wall time and the part spent in `allReduce`. */
export interface RankTiming {
  stepMs: number[];
  exchangeMs: number[];
}

type FromRank = { type: 'reduce'; round: number; count: number; length: number } | { type: 'timing'; timing: RankTiming };
type ToRank = { type: 'reduced'; round: number; counts: number[] };

/**
 * Times the DCGAN step on K forked processes exactly as a data-parallel training run moves its
 * gradients: each rank steps on its shard of a global batch, `createAllReduce` flattens the
 * gradients into one Float32Array that `sharedRank` writes to the run's shared files, this process
 * holds the run's `GradientExchange` barrier, and each rank averages the files in rank order.
 * With `cpu`, a single rank runs pinned to that core (see `canPinToCore`).
 */
export async function timeParallelSteps(workers: number, batch: number, steps: number, warmUp: number, cpu?: number): Promise<RankTiming[]> {
  const script = fileURLToPath(new URL('./engine-bench.ts', import.meta.url));
  const files = roundFiles(`bench-${process.pid}`, workers);
  const pin = cpu === undefined ? [] : ['--cpu', String(cpu)];
  const children = Array.from({ length: workers }, (_, rank) =>
    fork(script, ['--rank', String(rank), '--ranks', String(workers), '--batch', String(batch), '--steps', String(steps), '--warm-up', String(warmUp), '--files', JSON.stringify(files), ...pin], {
      execArgv: process.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const exchange = new GradientExchange(workers, (round, counts) => {
    for (const child of children) child.send({ type: 'reduced', round, counts } satisfies ToRank);
  });
  const timings = Promise.all(
    children.map(
      (child, rank) =>
        new Promise<RankTiming>((resolve, reject) => {
          child.on('message', (message: FromRank) => {
            if (message.type === 'reduce') exchange.contribute(rank, message.round, message);
            else resolve(message.timing);
          });
          child.once('exit', (code) => reject(new Error(`bench rank ${rank} exited with ${code} before reporting`)));
        }),
    ),
  );
  return timings.finally(() => removeRoundFiles(files));
}

/** Whether this machine has util-linux's `taskset`, which pins a process to a core (Node has no call for it). */
export function canPinToCore(): boolean {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Child process: one rank. Every rank builds the same seeded DCGAN and trains on its rows of one global batch. */
export async function rankMain(option: (name: string, fallback: number) => number): Promise<void> {
  const cpu = option('--cpu', -1);
  // Every thread (`-a`): V8's compiler and collector threads too, so the rank measures that core alone.
  if (cpu >= 0) execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' });
  const rank = option('--rank', 0);
  const workers = option('--ranks', 1);
  const batch = option('--batch', 64);
  await initEngine();
  const gan = createDcgan();
  const { offset, count } = shardRange(batch, rank, workers);
  const global = tf.randomUniform([batch, 28, 28, 1], -1, 1, 'float32', 3) as tf.Tensor4D;
  const real = tf.slice(global, offset, count) as tf.Tensor4D;
  global.dispose();
  setCurrentShard({ offset, count, total: batch });
  const files = JSON.parse(process.argv[process.argv.indexOf('--files') + 1]) as RoundFiles;
  const pending = new Map<number, (counts: number[]) => void>();
  process.on('message', (message: ToRank) => pending.get(message.round)?.(message.counts));
  const place = sharedRank(files, rank, (round, shardCount, length) =>
    new Promise((resolve) => {
      pending.set(round, resolve);
      process.send!({ type: 'reduce', round, count: shardCount, length } satisfies FromRank);
    }),
  );
  const timing = { ms: 0 };
  const allReduce = workers === 1 ? async <T>(tensors: T) => tensors : createAllReduce(tf, place, new AbortController().signal, timing);
  const result: RankTiming = { stepMs: [], exchangeMs: [] };
  const steps = option('--steps', 5);
  const warmUp = option('--warm-up', 2);
  for (let i = 0; i < warmUp + steps; i++) {
    const started = performance.now();
    timing.ms = 0;
    await gan.reducedStep(real, allReduce);
    if (i >= warmUp) {
      result.stepMs.push(performance.now() - started);
      result.exchangeMs.push(timing.ms);
    }
  }
  await gan.flush();
  real.dispose();
  gan.dispose();
  place.close();
  process.send!({ type: 'timing', timing: result } satisfies FromRank, () => process.exit(0));
}
