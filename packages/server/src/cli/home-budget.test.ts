import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rowCounts } from '@atelier/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliJson } from '../__fixtures__/cli-process.js';
import { pngImage } from '../__fixtures__/png.js';

let home: string;
let work: string;

/** The real CLI on this test's home, from its work folder. */
const cli = (...args: string[]) => runCliJson(args, { cwd: work, env: { ATELIER_HOME: home, ATELIER_CONFIG: '' } });

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-cli-budget-home-'));
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-cli-budget-work-'));
  fs.writeFileSync(path.join(work, 'atelier.config.json'), JSON.stringify({ defaults: false, limits: { maxHomeBytes: 1024 } }));
  fs.writeFileSync(path.join(work, 'in.png'), pngImage(1, 12, 10));
  fs.writeFileSync(path.join(work, 'spec.json'), JSON.stringify({ steps: [{ id: 'load', use: 'image.load', with: { paths: [path.join(work, 'in.png')] } }] }));
});

afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

describe('atelier run and the home disk budget', () => {
  it('refuses a run while the home is over limits.maxHomeBytes, as the server does, recording nothing', () => {
    const refused = cli('run', 'spec.json');
    expect(refused.code).toBe(1);
    expect(refused.json.error).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 1024, setting: 'limits.maxHomeBytes' } });
    expect(rowCounts(home).runs).toBe(0);
  });
});
