import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Forks a worker process on `worker-main`. From TypeScript sources (the workspace, tests) the child
 * runs under tsx's loader with the workspace tsconfig (decorators); from a build it is plain node.
 * The child's stdout goes to the parent's stderr, so the CLI's `--json` stdout stays clean.
 */
export function forkWorker(): ChildProcess {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(`./worker-main.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  const execArgv = fromSource ? ['--import', createRequire(import.meta.url).resolve('tsx')] : [];
  const env = { ...process.env };
  if (fromSource) env.TSX_TSCONFIG_PATH ??= fileURLToPath(new URL('../../../../tsconfig.json', import.meta.url));
  return fork(entry, [], { execArgv, env, serialization: 'advanced', stdio: ['ignore', 2, 2, 'ipc'] });
}
