import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngImage } from '../__fixtures__/png.js';
import { goalMet, type DefaultCheckpointFile, type DefaultCheckpointName } from './default-checkpoint.js';
import { renderReport } from './report.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const main = path.join(root, 'packages/server/src/cli/main.ts');
const tsconfig = path.join(root, 'tsconfig.json');

const hostileCaption = '8×8 generated digits <script>alert("caption")</script>';

function checkpointFile(name: DefaultCheckpointName, fields: Pick<DefaultCheckpointFile, 'family' | 'metrics' | 'goals' | 'history'>): DefaultCheckpointFile {
  return {
    formatVersion: 1,
    name,
    ...fields,
    hyperparameters: { latentSize: 16 },
    dataset: 'digits',
    labelNames: ['0', '1'],
    dataSpec: { width: 28, height: 28, channels: 1, range: 'unit' },
    preprocess: [],
    epoch: 2,
    step: 40,
    state: {},
    models: ['generator'],
    lineage: {
      dataset: { name: 'digits', source: 'mnist', split: 'train', count: 9000 },
      preprocessing: [{ use: 'image.normalize', with: { range: 'unit' } }],
      hyperparameters: { latentSize: 16, learningRate: 0.0002 },
      epochs: 2,
      steps: 40,
      seed: 7,
      workers: 2,
      engine: 'wasm',
      seconds: 123.4,
      trainedBy: 'report.test',
    },
    samples: { file: 'samples.png', caption: hostileCaption },
  };
}

const dcgan = checkpointFile('digits-dcgan', {
  family: 'gan.dcgan',
  metrics: { fid: 41.5, diversity: 0.982, discriminatorAccuracy: 0.61 },
  goals: [
    { metric: 'fid', atMost: 60, label: 'close to real digits' },
    { metric: 'diversity', atLeast: 0.99, label: 'varied samples' },
    { metric: 'sharpness', atLeast: 0.5, label: 'sharp strokes' },
  ],
  history: [0, 10, 20, 30, 40].map((step, i) => ({ step, epoch: Math.floor(step / 20), generatorLoss: 2 - i * 0.3, discriminatorLoss: 0.7 + i * 0.05 })),
});
const classifier = checkpointFile('digits-classifier', {
  family: 'cnn.classifier',
  metrics: { accuracy: 0.9731 },
  goals: [{ metric: 'accuracy', atLeast: 0.97, label: 'holdout accuracy' }],
  history: [{ step: 10, loss: 0.3 }],
});
/** How each goal's measured value reads on the page. */
const measuredText: Record<string, string> = { fid: '41.5', diversity: '0.982', sharpness: '—', accuracy: '0.9731' };
const samplesPng = pngImage(3, 16, 16);

let work: string;
let home: string;

function writeDefaults(folder: string, checkpoints: DefaultCheckpointFile[]): void {
  for (const checkpoint of checkpoints) {
    fs.mkdirSync(path.join(folder, checkpoint.name), { recursive: true });
    fs.writeFileSync(path.join(folder, checkpoint.name, 'checkpoint.json'), JSON.stringify(checkpoint, null, 2));
  }
}

/** Runs the real CLI in a child process, as a user or a script would. */
function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(tsx, ['--tsconfig', tsconfig, main, ...args], { cwd: work, env: { ...process.env, ATELIER_HOME: home }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

function section(html: string, name: string): string {
  const match = html.match(new RegExp(`<section[^>]*id="checkpoint-${name}"[\\s\\S]*?</section>`));
  expect(match, `section of ${name}`).not.toBeNull();
  return match![0];
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-report-'));
  home = path.join(work, 'home-never-opened');
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe('atelier report', () => {
  it('writes one self-contained page with every checkpoint, its goals, loss curve and sample grid', () => {
    const folder = path.join(work, 'defaults');
    writeDefaults(folder, [dcgan, classifier]);
    fs.writeFileSync(path.join(folder, 'digits-dcgan', 'samples.png'), samplesPng);
    const out = path.join(work, 'pages', 'report.html');

    const result = cli('report', '--defaults', folder, '--out', out, '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ path: out, checkpoints: 2, goalsMet: 2, goals: 4 });
    const html = fs.readFileSync(out, 'utf8');

    for (const checkpoint of [dcgan, classifier]) {
      const page = section(html, checkpoint.name);
      expect(page).toContain(checkpoint.family);
      for (const goal of checkpoint.goals) {
        const row = page.match(new RegExp(`<tr data-metric="${goal.metric}">[\\s\\S]*?</tr>`))?.[0];
        expect(row, `${checkpoint.name} goal ${goal.metric}`).toContain(`>${measuredText[goal.metric]}<`);
        expect(row).toContain(goalMet(goal, checkpoint.metrics) ? '✓' : '✗');
        expect(row).not.toContain(goalMet(goal, checkpoint.metrics) ? '✗' : '✓');
      }
    }
    const dcganPage = section(html, 'digits-dcgan');
    expect(dcganPage).toContain('<svg');
    expect(dcganPage.match(/<polyline data-loss="[^"]+"/g)).toEqual(['<polyline data-loss="generatorLoss"', '<polyline data-loss="discriminatorLoss"']);
    expect(dcganPage).toContain('discriminatorAccuracy'); // a metric no goal names
    expect(dcganPage).toContain(`data:image/png;base64,${samplesPng.toString('base64')}`);
    expect(section(html, 'digits-classifier')).toContain('No sample grid');

    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?\s*https?:|url\(\s*["']?\s*https?:/i);
    expect(html).not.toMatch(/<script|<link/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;caption&quot;)&lt;/script&gt;');
    expect(fs.existsSync(home), 'the report opens no Atelier home').toBe(false);
  });

  it('with no default checkpoints still writes a page saying so, to atelier-report.html by default', () => {
    const empty = path.join(work, 'no-defaults');
    fs.mkdirSync(empty);
    const result = cli('report', '--defaults', empty);
    const written = path.join(work, 'atelier-report.html');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`report: 0 checkpoints, 0/0 goals met → ${written}`);
    expect(fs.readFileSync(written, 'utf8')).toContain('No default checkpoints found');
  });
});

describe('renderReport', () => {
  const render = (history: DefaultCheckpointFile['history']) =>
    section(renderReport([{ ...classifier, history }], () => null, { generatedAt: new Date('2026-01-02T03:04:00Z'), totalBytes: 3 * 1024 * 1024 }), 'digits-classifier');

  it('draws a lone logged point as a dot, and says so when there is no loss curve', () => {
    const single = render([{ step: 10, loss: 0.3 }]);
    expect(single.match(/<polyline/g)).toHaveLength(1);
    expect(single).toContain('<circle');
    const none = render([]);
    expect(none).not.toContain('<svg');
    expect(none).toContain('No loss curve recorded.');
  });

  it('prints the generation date, the goal totals and the size on disk in the header', () => {
    const html = renderReport([dcgan, classifier], () => null, { generatedAt: new Date('2026-01-02T03:04:00Z'), totalBytes: 3 * 1024 * 1024 });
    expect(html).toContain('2026-01-02 03:04 UTC</time> · 2 checkpoints · 2/4 goals met · 3.0 MiB on disk');
  });
});
