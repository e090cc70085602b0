import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './server-process.js';

const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
const main = path.join(repoRoot, 'packages/server/src/cli/main.ts');

/** The real CLI in a child process with `--json`, as a script would call it; its answer is the last stdout line. */
export function runCliJson(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): { code: number | null; json: any } {
  const result = spawnSync(tsx, ['--tsconfig', path.join(repoRoot, 'tsconfig.json'), main, ...args, '--json'], {
    cwd: options.cwd,
    env: { ...process.env, ATELIER_BACKEND: 'wasm', ...options.env },
    encoding: 'utf8',
  });
  const lines = result.stdout.trim().split('\n');
  return { code: result.status, json: JSON.parse(lines[lines.length - 1]) };
}
