import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rowCounts } from '@atelier/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngImage } from '../__fixtures__/png.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const main = path.join(root, 'packages/server/src/cli/main.ts');

let home: string;
let work: string;

/** The real CLI in a child process, in a folder whose atelier.config.json sets a tiny disk budget. */
function cli(...args: string[]): { code: number | null; json: any } {
  const result = spawnSync(tsx, ['--tsconfig', path.join(root, 'tsconfig.json'), main, ...args, '--json'], {
    cwd: work,
    env: { ...process.env, ATELIER_HOME: home, ATELIER_BACKEND: 'wasm', ATELIER_CONFIG: '' },
    encoding: 'utf8',
  });
  const lines = result.stdout.trim().split('\n');
  return { code: result.status, json: JSON.parse(lines[lines.length - 1]) };
}

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
