import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readPngText, withoutPngText } from '@atelier/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliJson } from '../__fixtures__/cli-process.js';
import { pngImage } from '../__fixtures__/png.js';

let home: string;
let work: string;
let specFile: string;

/** The real CLI on this test's home, from its work folder. */
const cli = (...args: string[]) => runCliJson(args, { cwd: work, env: { ATELIER_HOME: home } });

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-cli-batch-home-'));
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-cli-batch-work-'));
  const image = path.join(work, 'in.png');
  fs.writeFileSync(image, pngImage(3, 12, 10));
  specFile = path.join(work, 'sweep.json');
  fs.writeFileSync(
    specFile,
    JSON.stringify({
      steps: [
        { id: 'load', use: 'image.load', with: { paths: [image] }, save: false },
        { id: 'noise', use: 'image.noise', with: { amount: 0.2 }, save: false },
        { id: 'sharpen', use: 'image.sharpen', with: { sigma: 1 } },
      ],
    }),
  );
});

afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

describe('atelier run --seeds --set and --from', () => {
  it('runs seeds 1..4 × three sigmas as 12 runs under one batch', () => {
    const result = cli('run', specFile, '--seeds', '1..4', '--set', 'steps.sharpen.with.sigma=0.5,1,2', '--contact-sheet');
    expect(result.code).toBe(0);
    // The contact sheet: four seeds across, three sigmas down, one 12×10 image a cell with 2 px padding.
    expect(result.json.contactSheet).toMatchObject({ status: 'succeeded', artifacts: [{ step: 'sheet' }] });
    const sheet = fs.readFileSync(result.json.contactSheet.artifacts[0].path);
    expect([sheet.readUInt32BE(16), sheet.readUInt32BE(20)]).toEqual([4 * 14 + 2, 3 * 12 + 2]);
    expect(result.json.batchId).toEqual(expect.any(String));
    expect(result.json.runs).toHaveLength(12);
    expect(result.json.runs.every((run: { status: string }) => run.status === 'succeeded')).toBe(true);
    expect(result.json.runs.map((run: { seed: number }) => run.seed)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
  });

  it('refuses a batch over maxBatchRuns and queues nothing', () => {
    const before = cli('runs').json.runs.length;
    const result = cli('run', specFile, '--seeds', '1..100');
    expect(result.code).not.toBe(0);
    expect(result.json.error).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { setting: 'limits.maxBatchRuns', limit: 64 } });
    expect(cli('runs').json.runs.length).toBe(before);
  });

  it('re-runs the pipeline an image came from, giving the same image', async () => {
    const first = cli('run', specFile, '--seed', '9', '--no-cache');
    const [artifact] = first.json.artifacts;
    const png = fs.readFileSync(artifact.path);
    expect((await readPngText(png))['atelier:run']).toBe(first.json.runId);
    const again = cli('run', '--from', artifact.path);
    expect(again.code).toBe(0);
    expect(again.json).toMatchObject({ status: 'succeeded', seed: 9 });
    expect(again.json.runId).not.toBe(first.json.runId);
    expect(withoutPngText(fs.readFileSync(again.json.artifacts[0].path)).equals(withoutPngText(png))).toBe(true);
  });
});
