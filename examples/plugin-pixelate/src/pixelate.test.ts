import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '@atelier/plugin-api';
import { createAtelier, decodeImages, loadConfig, type Atelier } from '@atelier/core';
import { applyEditor, createTestContext, expectSucceeded, importTestDigits, rampBatch } from '@atelier/core/testing';
import { pixelate } from './pixelate.js';

const pluginDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('pixelate.blocks on its own', () => {
  it('paints each block with its mean and frees what it made', async () => {
    const ctx = await createTestContext();
    const input = rampBatch(2, 6, 6, 3);
    const before = tf.memory().numTensors;
    const output = await applyEditor(pixelate, ctx, [input], { size: 3 });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(output.images.shape).toEqual([2, 6, 6, 3]);
    const pixels = output.images.arraySync() as number[][][][];
    const source = input.images.arraySync() as number[][][][];
    const blockMean = (n: number, by: number, bx: number, c: number) => {
      let sum = 0;
      for (let y = by; y < by + 3; y++) for (let x = bx; x < bx + 3; x++) sum += source[n][y][x][c];
      return sum / 9;
    };
    for (const [y, x] of [[0, 0], [2, 2], [1, 4], [5, 5]]) {
      expect(pixels[1][y][x][2]).toBeCloseTo(blockMean(1, Math.floor(y / 3) * 3, Math.floor(x / 3) * 3, 2), 5);
    }
    expect(output.meta[0]).toMatchObject({ source: 'ramp-0', pixelated: 3 });
    tf.dispose([input.images, output.images]);
  });

  it('refuses bad parameters with errors that name the field', async () => {
    const ctx = await createTestContext();
    const input = rampBatch(1, 4, 4, 1);
    await expect(applyEditor(pixelate, ctx, [input], { size: 1 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'with.size' } });
    await expect(applyEditor(pixelate, ctx, [input], { size: 2, levels: 300 })).rejects.toMatchObject({ details: { path: 'with.levels' } });
    await expect(applyEditor(pixelate, ctx, [input], { sizes: 2 })).rejects.toMatchObject({ details: { path: 'with.sizes' } });
    input.images.dispose();
  });
});

describe('pixelate named in atelier.config.json, next to the first-party plugins', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-pixelate-'));
  let atelier: Atelier;

  beforeAll(async () => {
    fs.writeFileSync(path.join(folder, 'atelier.config.json'), JSON.stringify({ plugins: [pluginDir], disabledPlugins: ['@atelier/plugin-vae'] }));
    const config = loadConfig({ cwd: folder, env: { ATELIER_HOME: path.join(folder, 'home'), ATELIER_BACKEND: 'wasm' } });
    // First-party plugins resolve from this package's dev dependencies, as an application's would.
    atelier = await createAtelier({ config, resolver: (name) => createRequire(import.meta.url).resolve(name) });
    await importTestDigits(atelier, 'digits', 64);
  });

  afterAll(async () => {
    await atelier?.close({ cancelRunning: true });
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('loads with the defaults it did not restate, and runs gan.generate → pixelate.blocks → cnn.classify → image.grid', async () => {
    expect(atelier.registry.failures).toEqual([]);
    expect(atelier.registry.plugins.map((p) => p.name).sort()).toEqual(['cnn', 'gan', 'image', 'pixelate']);
    const hyperparameters = { latentSize: 8, generatorWidth: 4, discriminatorWidth: 4, batchSize: 8, previewEvery: 0 };
    const gan = await expectSucceeded(atelier, await atelier.submitTraining({ family: 'gan.dcgan', dataset: 'digits', maxSteps: 2, seed: 1, hyperparameters }));
    const classifier = await expectSucceeded(atelier, await atelier.submitTraining({ family: 'cnn.classifier', dataset: 'digits', maxSteps: 2, seed: 1 }));
    const run = await expectSucceeded(
      atelier,
      await atelier.submitPipeline({
        seed: 5,
        steps: [
          { id: 'gen', use: 'gan.generate', with: { checkpoint: gan.result.checkpointId, count: 4 } },
          { id: 'pixels', use: 'pixelate.blocks', with: { size: 4, levels: 4 } },
          { id: 'judge', use: 'cnn.classify', with: { checkpoint: classifier.result.checkpointId }, save: false },
          { id: 'sheet', use: 'image.grid', with: { columns: 2 } },
        ],
      }),
    );
    const pixelArtifacts = atelier.artifacts.list(run.id).filter((a) => a.stepId === 'pixels');
    expect(pixelArtifacts).toHaveLength(4);
    const batch = await decodeImages([atelier.artifacts.absolutePath(pixelArtifacts[0])], { channels: 1, limits: { maxImagePixels: 1 << 20, maxImageSide: 1024 } });
    const values = Array.from(batch.images.dataSync());
    batch.images.dispose();
    // Four grey levels: every pixel is 0, 1/3, 2/3 or 1 (up to 8-bit rounding), and each 4×4 block is flat.
    for (const v of values) expect(Math.min(...[0, 1 / 3, 2 / 3, 1].map((level) => Math.abs(v - level)))).toBeLessThan(0.01);
    expect(values[0]).toBe(values[3 * 28 + 3]);
    const judged = atelier.runs.steps(run.id).find((s) => s.stepId === 'judge')!;
    expect(judged.imageMeta.every((m) => typeof m.labelName === 'string' && m.pixelated === 4)).toBe(true);
  });

  it('refuses bad parameters in a pipeline before anything runs, naming the step and field', async () => {
    const issues = await atelier.validatePipeline({
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 1 } },
        { id: 'pixels', use: 'pixelate.blocks', with: { size: 100 } },
      ],
    });
    expect(issues).toMatchObject([{ step: 'pixels', path: 'with.size' }]);
  });
});
