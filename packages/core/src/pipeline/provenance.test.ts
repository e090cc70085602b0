import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapeImages } from '../__fixtures__/images.js';
import { readPngText, withoutPngText } from '../image/png-text.js';
import { createTestAtelier, expectSucceeded, type TestAtelier } from '../testing/index.js';
import { readProvenance } from './provenance.js';

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
    const text = readPngText(png);
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
    expect(readProvenance(rerun).runId).toBe(again.id);
    expect(withoutPngText(rerun).equals(withoutPngText(png))).toBe(true);
  });

  it('refuses a PNG without provenance and records nothing', async () => {
    const plain = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } }).png().toBuffer();
    const before = atelier.runs.list().totalCount;
    await expect(atelier.submitFromImage(plain)).rejects.toMatchObject({ code: 'IMAGE_INVALID' });
    expect(atelier.runs.list().totalCount).toBe(before);
  });
});
