import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSpecs } from './catalog.js';
import { defaultCheckpointNames, goalMet, listDefaultCheckpoints } from './default-checkpoint.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const main = path.join(root, 'packages/server/src/cli/main.ts');

let work: string;

/** The real CLI in a child process; `--quick` trains each default 3 steps and judges it on 40 images. */
function trainDefaults(...args: string[]) {
  const result = spawnSync(tsx, ['--tsconfig', path.join(root, 'tsconfig.json'), main, 'train-defaults', '--home', path.join(work, 'home'), '--out', path.join(work, 'defaults'), '--workers', '2', '--json', ...args], {
    cwd: work,
    env: { ...process.env, ATELIER_BACKEND: 'wasm', ATELIER_DEFAULTS: '0' },
    encoding: 'utf8',
  });
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  return { code: result.status, json: last.startsWith('{') ? JSON.parse(last) : null, stderr: result.stderr };
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-train-defaults-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('atelier train-defaults', () => {
  it('trains, judges and writes all six defaults; a second run reuses the trainings; unknown names are refused', () => {
    const first = trainDefaults('--quick');
    // Three steps cannot reach the quality goals, which the command reports with exit code 1.
    expect(first.code, first.stderr).toBe(1);
    expect(first.json.defaults.map((d: { name: string }) => d.name)).toEqual([...defaultCheckpointNames]);
    expect(first.json.defaults.every((d: { reused: boolean }) => !d.reused)).toBe(true);

    const written = listDefaultCheckpoints(path.join(work, 'defaults'));
    expect(written.map((d) => d.name)).toEqual([...defaultCheckpointNames]);
    for (const file of written) {
      const spec = defaultSpecs.find((s) => s.name === file.name)!;
      expect(file.family).toBe(spec.family);
      expect(file.lineage).toMatchObject({ dataset: { name: 'digits', source: 'mnist', split: 'train', count: 9003 }, seed: spec.seed, workers: 1, steps: 3 });
      expect(file.goals).toEqual(spec.goals);
      for (const goal of file.goals) expect(typeof file.metrics[goal.metric], `${file.name} ${goal.metric}`).toBe('number');
      const reported = first.json.defaults.find((d: { name: string }) => d.name === file.name);
      expect(reported.goals.map((g: { met: boolean }) => g.met)).toEqual(file.goals.map((goal) => goalMet(goal, file.metrics)));
      expect(file.history.length).toBeGreaterThan(0);
      for (const model of file.models) expect(fs.existsSync(path.join(work, 'defaults', file.name, model, 'weights.bin'))).toBe(true);
      const png = fs.readFileSync(path.join(work, 'defaults', file.name, 'samples.png'));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      // IHDR's width: a grid at least eight digits wide.
      expect(png.readUInt32BE(16)).toBeGreaterThan(28 * 8);
    }
    // The dcgan's trained generator serves only resuming: the home keeps it, the committed default does without.
    expect(written.find((d) => d.name === 'digits-dcgan')!.models).toEqual(['generator', 'discriminator']);
    const homeCheckpoints = path.join(work, 'home', 'checkpoints');
    expect(fs.readdirSync(homeCheckpoints).some((id) => fs.existsSync(path.join(homeCheckpoints, id, 'trainedGenerator')))).toBe(true);
    const cgan = written.find((d) => d.name === 'digits-cgan')!;
    expect(cgan.metrics.labelAgreementMin).toBeLessThanOrEqual(cgan.metrics.labelAgreement);
    const restorer = written.find((d) => d.name === 'digits-restorer')!;
    expect(restorer.metrics.denoiseErrorCut).toBeCloseTo(restorer.metrics.denoiseCorruptedError / restorer.metrics.denoiseRestoredError, 9);

    const again = trainDefaults('--quick', '--only', 'digits-vae');
    expect(again.json.defaults).toEqual([expect.objectContaining({ name: 'digits-vae', reused: true, metrics: written.find((d) => d.name === 'digits-vae')!.metrics })]);

    const unknown = trainDefaults('--only', 'digits-unicorn');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr + JSON.stringify(unknown.json)).toMatch(/--only: no default named "digits-unicorn"/);
  }, 400_000);
});
