import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

/**
 * Workers run at a lower CPU priority than their parent: when compute and the API contend for the
 * cores, the process answering requests (or renewing BullMQ locks) runs first, and idle cores still
 * go to the workers.
 */
const workerNiceness = 10;

/**
 * A worker's environment: the parent's own variables, in an object without a prototype. Spawning
 * copies every key a `for…in` finds, inherited ones included, so a plain object would hand a key
 * planted on Object.prototype (`NODE_OPTIONS`) to every new worker.
 */
export function workerEnv(parent: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = Object.create(null) as NodeJS.ProcessEnv;
  for (const [key, value] of Object.entries(parent)) env[key] = value;
  return env;
}

/**
 * Forks a worker process on `worker-main`. From TypeScript sources (the workspace, tests) the child
 * runs under tsx's loader with the workspace tsconfig (decorators); from a build it is plain node.
 * The child's stdout goes to the parent's stderr, so the CLI's `--json` stdout stays clean.
 */
export function forkWorker(): ChildProcess {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(`./worker-main.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  const execArgv = fromSource ? ['--import', createRequire(import.meta.url).resolve('tsx')] : [];
  const env = workerEnv(process.env);
  if (fromSource) env.TSX_TSCONFIG_PATH ??= fileURLToPath(new URL('../../../../tsconfig.json', import.meta.url));
  const child = fork(entry, [], { execArgv, env, serialization: 'advanced', stdio: ['ignore', 2, 2, 'ipc'] });
  try {
    os.setPriority(child.pid!, Math.min(19, os.getPriority() + workerNiceness));
  } catch {
    // Some platforms or sandboxes refuse priority changes; the worker then runs at the parent's.
  }
  return child;
}
