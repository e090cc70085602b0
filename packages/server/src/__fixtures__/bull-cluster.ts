import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArtifactStoreConfig, QueueConfig } from '@atelier/core';
import { modulePath, startRedis, type TestRedis } from '@atelier/core/testing';
import { startTestServer, type TestServer } from './test-server.js';

type BullConfig = Extract<QueueConfig, { kind: 'bullmq' }>;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const main = path.join(root, 'packages/server/src/cli/main.ts');
/** The `scale.sleep` and `scale.block` steps, loaded by the API and every worker. */
export const scalePlugin = modulePath(new URL('./scale-plugin.ts', import.meta.url));

export interface WorkerProcess {
  /** `host:pid`, as runs record it in `result.worker`. */
  id: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

export interface BullCluster {
  redis: TestRedis;
  home: string;
  workerHome: string;
  queue: BullConfig;
  /** The real server on the shared home, on the BullMQ queue (again, after a restart). */
  startApi(): Promise<TestServer>;
  /** A real `atelier worker` process (on `workerHome` unless given another); resolves once it takes jobs. */
  startWorker(queues: string, options?: { home?: string }): Promise<WorkerProcess>;
  /** Spawns `atelier worker` without waiting for it (for workers that must refuse to start). */
  spawnWorker(queues: string, options?: { home?: string }): WorkerProcess;
  stop(): Promise<void>;
}

/** Redis on loopback, a home folder shared by the API and its workers (one machine), workers as real processes. */
export async function startBullCluster(
  options: {
    queue?: Partial<BullConfig>;
    cancelGraceMs?: number;
    artifactStore?: ArtifactStoreConfig;
    /** Workers on a home of their own (as on another machine), sharing nothing with the API but Redis and the artifact store. */
    separateWorkerHome?: boolean;
    /** Plugin modules besides the scale steps, for the API and every worker. */
    plugins?: string[];
  } = {},
): Promise<BullCluster> {
  const redis = await startRedis();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bull-'));
  const workerHome = options.separateWorkerHome ? fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bull-worker-')) : home;
  const artifactStore = options.artifactStore ?? { kind: 'local' };
  const queue: BullConfig = {
    kind: 'bullmq',
    url: redis.url,
    engines: { pipeline: 'cpu', training: 'cpu' },
    lockDurationMs: 2000,
    stalledIntervalMs: 1000,
    heartbeatMs: 500,
    keepFinishedSeconds: 3600,
    drainDeadlineMs: 10_000,
    ...options.queue,
  };
  const cancelGraceMs = options.cancelGraceMs ?? 1000;
  const configFile = path.join(home, 'atelier.config.json');
  fs.writeFileSync(configFile, JSON.stringify({ plugins: [scalePlugin, ...(options.plugins ?? [])], backend: 'wasm', cancelGraceMs, queue, artifactStore }));
  const workers: WorkerProcess[] = [];
  const apis: TestServer[] = [];

  const spawnWorker = (queues: string, { home: ownHome = workerHome }: { home?: string } = {}): WorkerProcess => {
    // Node with tsx's loader (not the tsx CLI, which forwards to a child), so signals reach the worker.
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'worker', '--queues', queues], {
      cwd: root,
      env: { ...process.env, ATELIER_CONFIG: configFile, ATELIER_HOME: ownHome, ATELIER_BACKEND: 'wasm' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const worker: WorkerProcess = {
      id: '',
      child,
      exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
      output: () => output,
    };
    workers.push(worker);
    return worker;
  };

  return {
    redis,
    home,
    workerHome,
    queue,
    async startApi() {
      const api = await startTestServer({ home, queue, artifactStore, plugins: [scalePlugin, ...(options.plugins ?? [])], cancelGraceMs });
      apis.push(api);
      return api;
    },
    spawnWorker,
    async startWorker(queues, workerOptions) {
      const worker = spawnWorker(queues, workerOptions);
      worker.id = await new Promise<string>((resolve, reject) => {
        const poll = setInterval(() => {
          const started = /worker (\S+) \(/.exec(worker.output());
          if (started) (clearInterval(poll), resolve(started[1]));
        }, 50);
        void worker.exited.then((code) => (clearInterval(poll), reject(new Error(`worker exited ${code}: ${worker.output()}`))));
      });
      return worker;
    },
    async stop() {
      for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
      await Promise.all(workers.map((worker) => worker.exited));
      await Promise.all(apis.map((api) => api.close()));
      await redis.stop();
      for (const dir of new Set([home, workerHome])) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
