import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withoutPngText } from '@atelier/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const main = path.join(root, 'packages/server/src/cli/main.ts');
const tsconfig = path.join(root, 'tsconfig.json');

let home: string;
let work: string;

const env = () => ({ ...process.env, ATELIER_HOME: home, ATELIER_BACKEND: 'wasm' });

/** Runs the real CLI in a child process, as a user or a script would. */
function cli(...args: string[]): { code: number | null; json: any; stderr: string } {
  const result = spawnSync(tsx, ['--tsconfig', tsconfig, main, ...args], { cwd: work, env: env(), encoding: 'utf8' });
  const lines = result.stdout.trim().split('\n');
  return { code: result.status, json: args.includes('--json') ? JSON.parse(lines[lines.length - 1]) : null, stderr: result.stderr };
}

function writeSpec(name: string, spec: unknown): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, JSON.stringify(spec));
  return file;
}

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-cli-home-'));
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-cli-work-'));
});

afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

describe('atelier CLI', () => {
  it('imports MNIST digits and prints {"name","count"}', () => {
    const result = cli('dataset', 'import', 'mnist', '--name', 'digits', '--limit', '60', '--json');
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ name: 'digits', count: 60 });
    expect(cli('datasets', '--json').json.datasets.map((d: { name: string }) => d.name)).toEqual(['digits']);
  });

  it('trains on K workers with --workers K, and the run records K', () => {
    const hyperparameters = ['latentSize=4', 'generatorWidth=4', 'discriminatorWidth=4', 'batchSize=8', 'previewEvery=0'].flatMap((kv) => ['--set', kv]);
    const trained = cli('train', 'gan.dcgan', '--dataset', 'digits', '--max-steps', '2', '--workers', '2', '--seed', '3', ...hyperparameters, '--json');
    expect(trained.code, trained.stderr).toBe(0);
    const shown = cli('show', trained.json.runId, '--json').json;
    expect(shown.run.result).toMatchObject({ workers: 2, checkpointId: trained.json.checkpointId });
    expect(shown.run.result.exchangeShare).toBeGreaterThan(0);
  });

  it('lists checkpoints and deletes one by name, then names it as missing', () => {
    const listed = cli('checkpoints', '--json').json.checkpoints;
    expect(listed.map((c: { name: string }) => c.name)).toEqual(['gan.dcgan-digits']);
    const deleted = cli('checkpoint', 'delete', 'gan.dcgan-digits', '--json');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.json).toEqual({ deleted: { id: listed[0].id, name: 'gan.dcgan-digits', family: 'gan.dcgan' } });
    expect(fs.existsSync(path.join(home, listed[0].path))).toBe(false);
    const again = cli('checkpoint', 'delete', 'gan.dcgan-digits', '--json');
    expect(again.code).toBe(1);
    expect(again.json.error).toMatchObject({ code: 'CHECKPOINT_NOT_FOUND', message: expect.stringContaining('"gan.dcgan-digits"') });
  });

  it('runs a pipeline and prints the run id, status and artifact paths; the same seed gives the same bytes', () => {
    const spec = writeSpec('noise.json', {
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 4 } },
        { id: 'noise', use: 'image.noise', with: { amount: 0.3 } },
        { id: 'grid', use: 'image.grid', with: { columns: 2 } },
      ],
    });
    const out = path.join(work, 'out');
    const first = cli('run', spec, '--seed', '5', '--out', out, '--json');
    expect(first.code).toBe(0);
    expect(first.json).toMatchObject({ status: 'succeeded', runId: expect.any(String) });
    const grid = first.json.artifacts.find((a: { step: string }) => a.step === 'grid');
    expect(path.dirname(grid.path)).toBe(out);
    const second = cli('run', spec, '--seed', '5', '--json');
    const gridAgain = second.json.artifacts.find((a: { step: string }) => a.step === 'grid');
    expect(withoutPngText(fs.readFileSync(gridAgain.path)).equals(withoutPngText(fs.readFileSync(grid.path)))).toBe(true);
    const shown = cli('show', first.json.runId, '--json').json;
    expect(shown.run.status).toBe('succeeded');
    expect(shown.steps.map((s: { status: string }) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  it('reports every mistake of a spec with a non-zero exit and an {"error"} object', () => {
    const spec = writeSpec('bad.json', {
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'missing' } },
        { id: 'blur', use: 'image.blur', with: { sigma: 'big' } },
        { id: 'what', use: 'gan.nothing', with: {} },
      ],
    });
    const result = cli('run', spec, '--json');
    expect(result.code).not.toBe(0);
    expect(result.json.error.code).toBe('PIPELINE_INVALID');
    expect(result.json.error.details.issues.map((i: { step: string; path: string }) => `${i.step}:${i.path}`)).toEqual([
      'load:with.dataset',
      'blur:with.sigma',
      'what:use',
    ]);
    expect(result.stderr).toContain('PIPELINE_INVALID');
    expect(cli('runs', '--json').json.runs.every((r: { id: string; status: string }) => r.status === 'succeeded')).toBe(true);
  });

  it('leaves a consistent database after kill -9 mid-run, and marks the run interrupted at the next start', async () => {
    const spec = writeSpec('slow.json', {
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 48 } },
        { id: 'big', use: 'image.resize', with: { width: 384, height: 384 } },
        ...Array.from({ length: 12 }, (_, i) => ({ id: `blur${i}`, use: 'image.blur', with: { sigma: 3 } })),
      ],
    });
    const before = new Set(cli('runs', '--json').json.runs.map((r: { id: string }) => r.id));
    // Node itself with tsx's loader (not the tsx CLI, which forwards to a child), so SIGKILL hits the run.
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', main, 'run', spec, '--json'], { cwd: root, env: env(), stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Kill once the run has written artifacts of a few steps, i.e. in the middle of the run.
    const artifacts = path.join(home, 'artifacts');
    const countFiles = () => (fs.existsSync(artifacts) ? fs.readdirSync(artifacts, { recursive: true }).filter((f) => String(f).endsWith('.png')).length : 0);
    const baseline = countFiles();
    const deadline = Date.now() + 90_000;
    while (countFiles() < baseline + 48 * 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    await exited;

    const runs = cli('runs', '--json').json.runs as { id: string; status: string }[];
    const killed = runs.find((r) => !before.has(r.id))!;
    expect(killed.status).toBe('interrupted');
    const shown = cli('show', killed.id, '--json').json;
    expect(shown.artifacts.length).toBeGreaterThan(0);
    for (const artifact of shown.artifacts) expect(fs.existsSync(artifact.path)).toBe(true);
    expect(shown.steps.some((s: { status: string }) => s.status === 'succeeded')).toBe(true);
    expect(shown.steps.some((s: { status: string }) => s.status === 'pending')).toBe(true);
  });
});
