import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapeImages } from '../__fixtures__/images.js';
import { addPngText, readPngText, withoutPngText } from '../image/png-text.js';
import { createTestAtelier, expectSucceeded, type TestAtelier } from '../testing/index.js';
import { readProvenance, rerunSpec } from './provenance.js';

let atelier: TestAtelier;
let images: string[];

beforeAll(async () => {
  atelier = await createTestAtelier();
  images = await writeShapeImages(atelier.config.inputRoots[0], { count: 2, width: 24, height: 20 });
});

afterAll(async () => {
  await atelier.cleanup();
});

const pngsOf = (runId: string) => atelier.artifacts.list(runId).map((a) => fs.readFileSync(atelier.artifacts.absolutePath(a)));

describe('provenance in every PNG', () => {
  it('carries run id, spec, seed, step, checkpoints and engine; re-running the file gives the same image', async () => {
    const spec = {
      cache: false,
      steps: [
        { id: 'load', use: 'image.load', with: { paths: images }, save: false },
        { id: 'noise', use: 'image.noise', with: { amount: 0.3 } },
      ],
    };
    const run = await expectSucceeded(atelier, await atelier.submitPipeline(spec));
    const [png] = pngsOf(run.id);
    const text = await readPngText(png);
    expect(text['atelier:run']).toBe(run.id);
    expect(text['atelier:step']).toBe('noise');
    expect(Number(text['atelier:seed'])).toBe(run.seed);
    expect(JSON.parse(text['atelier:spec'])).toEqual(run.spec);
    expect(JSON.parse(text['atelier:checkpoints'])).toEqual({});
    expect(text['atelier:engine']).toBe('wasm');
    // Still an ordinary PNG to every reader.
    expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 24, height: 20 });

    const again = await expectSucceeded(atelier, await atelier.submitFromImage(png));
    expect(again.id).not.toBe(run.id);
    expect(again.seed).toBe(run.seed);
    expect(atelier.runs.steps(again.id).map((s) => s.status)).toEqual(['succeeded', 'succeeded']);
    const [rerun] = pngsOf(again.id);
    expect((await readProvenance(rerun)).runId).toBe(again.id);
    expect(withoutPngText(rerun).equals(withoutPngText(png))).toBe(true);
  });

  it('refuses a PNG without provenance and records nothing', async () => {
    const plain = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } }).png().toBuffer();
    const before = atelier.runs.list().totalCount;
    await expect(atelier.submitFromImage(plain)).rejects.toMatchObject({ code: 'IMAGE_INVALID' });
    expect(atelier.runs.list().totalCount).toBe(before);
  });

  it('refuses provenance whose spec, checkpoints or seed are not what Atelier writes: IMAGE_INVALID naming the chunk, nothing recorded', async () => {
    const plain = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } }).png().toBuffer();
    const carrying = (text: Record<string, string>) =>
      addPngText(plain, { 'atelier:run': 'r', 'atelier:spec': '{"steps":[]}', 'atelier:seed': '1', 'atelier:step': 's', 'atelier:checkpoints': '{}', 'atelier:engine': 'wasm', ...text });
    const bad = [
      ...['null', '42', '[]', '"text"', '{'].map((spec) => ({ 'atelier:spec': spec })),
      ...['null', '{"gen":3}'].map((checkpoints) => ({ 'atelier:checkpoints': checkpoints })),
      ...['x', '-1', '1.5'].map((seed) => ({ 'atelier:seed': seed })),
    ];
    for (const text of bad) {
      await expect(readProvenance(carrying(text)), JSON.stringify(text)).rejects.toMatchObject({ code: 'IMAGE_INVALID', details: { keyword: Object.keys(text)[0] } });
    }
    const before = atelier.runs.list().totalCount;
    await expect(atelier.submitFromImage(carrying({ 'atelier:spec': 'null' }))).rejects.toMatchObject({ code: 'IMAGE_INVALID' });
    expect(atelier.runs.list().totalCount).toBe(before);
  });

  it('pins checkpoints by the steps’ own ids: a step named `constructor` keeps its parameters', () => {
    const steps = [{ id: 'constructor', use: 'image.noise', with: { amount: 0.1 } }];
    const { spec } = rerunSpec({ runId: 'r', spec: { steps }, seed: 1, step: 'constructor', checkpoints: {}, engine: 'wasm' });
    expect(spec.steps).toEqual(steps);
  });
});
