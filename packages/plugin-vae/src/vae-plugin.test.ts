import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '@atelier/plugin-api';
import { decodeImages, parseBackendChoice, readProvenance, type RunRecord } from '@atelier/core';
import { applyEditor, createTestAtelier, importTestDigits, createTestContext, expectSucceeded, imageDigest, type TestAtelier } from '@atelier/core/testing';
import { inpaint } from './editors/inpaint.js';
import { vaeConv } from './models/vae-conv.js';

// CPU by default; ATELIER_TEST_BACKEND=wasm runs the same checks on the WASM engine.
const tiny = { latentSize: 8, widths: [8, 16], batchSize: 16, learningRate: 0.01, previewEvery: 0 };
const trainingSteps = 40;

let atelier: TestAtelier;
let conv: RunRecord;
let grid2d: string;

async function runPipeline(spec: Record<string, unknown>): Promise<RunRecord> {
  return atelier.queue.wait((await atelier.submitPipeline(spec)).id);
}

const stepArtifacts = (run: RunRecord, stepId: string) => atelier.artifacts.list(run.id).filter((a) => a.stepId === stepId);

async function stepPixels(run: RunRecord, stepId: string): Promise<Float32Array[]> {
  const paths = stepArtifacts(run, stepId).map((a) => atelier.artifacts.absolutePath(a));
  const batch = await decodeImages(paths, { channels: 1, limits: { maxImagePixels: 1 << 24, maxImageSide: 4096 } });
  const size = 28 * 28;
  const values = batch.images.dataSync() as Float32Array;
  batch.images.dispose();
  return paths.map((_, i) => values.slice(i * size, (i + 1) * size));
}

beforeAll(async () => {
  atelier = await createTestAtelier({ plugins: [new URL('./index.ts', import.meta.url)], backend: parseBackendChoice(process.env.ATELIER_TEST_BACKEND ?? 'wasm') });
  await importTestDigits(atelier, 'digits', 200);
  conv = await expectSucceeded(atelier, await atelier.submitTraining({ family: 'vae.conv', dataset: 'digits', epochs: 10, maxSteps: trainingSteps, seed: 1, hyperparameters: tiny }));
  const flat = await atelier.submitTraining({ family: 'vae.conv', dataset: 'digits', name: 'flat', maxSteps: 2, seed: 1, hyperparameters: { ...tiny, latentSize: 2 } });
  grid2d = (await expectSucceeded(atelier, flat)).result.checkpointId as string;
});

afterAll(async () => {
  await atelier?.cleanup();
});

describe('plugin-vae through core', () => {
  it('trains vae.conv on digits: reconstruction falls, the ELBO is finite, a checkpoint and preview are recorded', () => {
    const losses = conv.result.losses as { reconstruction: number; elbo: number; step: number }[];
    expect(losses).toHaveLength(trainingSteps);
    const mean = (points: typeof losses) => points.reduce((s, p) => s + p.reconstruction, 0) / points.length;
    expect(mean(losses.slice(-5))).toBeLessThan(0.8 * mean(losses.slice(0, 5)));
    const record = atelier.checkpoints.resolve(conv.result.checkpointId as string);
    expect(record.models.sort()).toEqual(['decoder', 'encoder']);
    expect(Number.isFinite(record.metrics.elbo)).toBe(true);
    console.info(`vae.conv after ${trainingSteps} steps: ${JSON.stringify(record.metrics)}; first step ${JSON.stringify(losses[0])}`);
    expect(atelier.artifacts.list(conv.id).some((a) => a.kind === 'preview' && a.name === 'reconstruction-final.png')).toBe(true);
  });

  it('image.load → vae.attribute (3 toward 8, 5 frames) → image.grid writes a strip that starts at the input and moves', async () => {
    const run = await runPipeline({
      seed: 3,
      steps: [
        { id: 'digit', use: 'image.load', with: { dataset: 'digits', label: '3', count: 1 } },
        { id: 'shift', use: 'vae.attribute', with: { checkpoint: conv.result.checkpointId, from: '3', to: '8', strength: 1, frames: 5, groupSize: 20 } },
        { id: 'strip', use: 'image.grid', with: { columns: 5 } },
      ],
    });
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    const frames = await stepPixels(run, 'shift');
    expect(frames).toHaveLength(5);
    const distance = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;
    // Each frame moves further from the first one: the strip morphs rather than repeats.
    const fromFirst = frames.map((f) => distance(f, frames[0]));
    expect(fromFirst[1]).toBeGreaterThan(0);
    expect(fromFirst[4]).toBeGreaterThan(fromFirst[1]);
    const [strip] = stepArtifacts(run, 'strip');
    expect([strip.width, strip.height]).toEqual([expect.any(Number), expect.any(Number)]);
    expect(strip.width!).toBeGreaterThan(4 * strip.height!);
  });

  it('vae.inpaint fills a masked lower half: optimising the latent fits the known pixels, the fill is not blank', async () => {
    const fill = (iterations: number) => ({ use: 'vae.inpaint', from: ['mask'], with: { checkpoint: conv.result.checkpointId, iterations, keepUnmasked: false } });
    const run = await runPipeline({
      seed: 4,
      steps: [
        { id: 'digit', use: 'image.load', with: { dataset: 'digits', label: '0', count: 1 } },
        { id: 'mask', use: 'image.mask', with: { x: 0, y: 14, width: 28, height: 14 } },
        { id: 'start', ...fill(1) },
        { id: 'fill', ...fill(100) },
        { id: 'kept', use: 'vae.inpaint', from: ['mask'], with: { checkpoint: conv.result.checkpointId, iterations: 1 } },
      ],
    });
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    const [input] = await stepPixels(run, 'digit');
    const [[start], [output], [kept]] = [await stepPixels(run, 'start'), await stepPixels(run, 'fill'), await stepPixels(run, 'kept')];
    const upper = (values: Float32Array) => values.slice(0, 14 * 28);
    const lower = (values: Float32Array) => values.slice(14 * 28);
    const mse = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.length;
    const mae = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;
    // Thresholds for a 40-step model, in mean squared error (the measure behind the Gaussian
    // likelihood): the decoded known half must beat a blank guess (whose error is the mean squared
    // ink) and the encoder's first guess; a fully trained model goes far lower.
    const blankError = mse(upper(input), new Float32Array(14 * 28));
    const knownError = mse(upper(output), upper(input));
    expect(knownError).toBeLessThan(blankError);
    expect(knownError).toBeLessThan(mse(upper(start), upper(input)));
    const recorded = atelier.runs.steps(run.id).find((s) => s.stepId === 'fill')!.records.unmaskedError as number;
    expect(recorded).toBeCloseTo(knownError, 2);
    expect(Math.max(...lower(output))).toBeGreaterThan(0.2);
    // keepUnmasked (the default) returns the input's own pixels outside the region (up to PNG rounding).
    expect(mae(upper(kept), upper(input))).toBeLessThan(1 / 255);
    console.info(`vae.inpaint: known-half MSE ${knownError.toFixed(3)} (first guess ${mse(upper(start), upper(input)).toFixed(3)}, blank ${blankError.toFixed(3)}); fill max ${Math.max(...lower(output)).toFixed(2)}`);
  });

  it('vae.inpaint takes a painted mask image as second input, filling exactly what the same rectangle fills', async () => {
    const checkpoint = conv.result.checkpointId;
    const steps = [
      { id: 'digit', use: 'image.load', with: { dataset: 'digits', label: '0', count: 1 } },
      { id: 'rect', use: 'image.mask', with: { x: 0, y: 14, width: 28, height: 14 }, save: false },
      { id: 'byRect', use: 'vae.inpaint', from: ['rect'], with: { checkpoint, iterations: 2 } },
      { id: 'black', use: 'image.mask', from: ['digit'], with: { x: 0, y: 0, width: 28, height: 28, fill: 0 }, save: false },
      { id: 'painted', use: 'image.mask', with: { x: 0, y: 14, width: 28, height: 14, fill: 1 } },
      { id: 'byImage', use: 'vae.inpaint', from: ['digit', 'painted'], with: { checkpoint, iterations: 2 } },
    ];
    const run = await runPipeline({ seed: 4, steps });
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    const [[byRect], [byImage]] = [await stepPixels(run, 'byRect'), await stepPixels(run, 'byImage')];
    expect(Array.from(byImage)).toEqual(Array.from(byRect));

    // A mask of another size than its image is refused before anything runs, naming the step and the input.
    const before = atelier.runs.list().totalCount;
    const small = [...steps.slice(0, 5), { id: 'shrunk', use: 'image.resize', from: ['painted'], with: { width: 20, height: 20 } }];
    const error = await atelier.submitPipeline({ steps: [...small, { id: 'fill', use: 'vae.inpaint', from: ['digit', 'shrunk'], with: { checkpoint } }] }).catch((e) => e);
    expect(error.code).toBe('PIPELINE_INVALID');
    expect(error.issues).toEqual([expect.objectContaining({ step: 'fill', path: 'from[1]', code: 'INPUT_SIZE_MISMATCH', message: expect.stringContaining('mask') })]);
    expect(atelier.runs.list().totalCount).toBe(before);
  });

  it('caches a checkpoint step only for the checkpoint it resolved to, and a PNG names that checkpoint for its re-run', async () => {
    const train = () => atelier.submitTraining({ family: 'vae.conv', dataset: 'digits', name: 'named', maxSteps: 2, seed: 1, hyperparameters: { ...tiny, latentSize: 2 } });
    const older = (await expectSucceeded(atelier, await train())).result.checkpointId as string;
    const spec = { seed: 3, steps: [{ id: 'gen', use: 'vae.generate', with: { checkpoint: 'named', count: 2 } }] };
    const first = await runPipeline(spec);
    const png = fs.readFileSync(atelier.artifacts.absolutePath(stepArtifacts(first, 'gen')[0]));
    expect((await readProvenance(png)).checkpoints).toEqual({ gen: older });
    expect(atelier.runs.steps((await runPipeline(spec)).id)[0].status).toBe('cached');
    // A newer checkpoint of the same name: the same spec now means other weights, so nothing is reused.
    const newer = (await expectSucceeded(atelier, await train())).result.checkpointId as string;
    const after = await runPipeline(spec);
    expect(atelier.runs.steps(after.id)[0].status).toBe('succeeded');
    expect((await readProvenance(fs.readFileSync(atelier.artifacts.absolutePath(stepArtifacts(after, 'gen')[0])))).checkpoints).toEqual({ gen: newer });
    // Re-running the first image pins the checkpoint it was made with.
    const rerun = await atelier.queue.wait((await atelier.submitFromImage(png)).id);
    expect((rerun.spec.steps as { with: { checkpoint: string } }[])[0].with.checkpoint).toBe(older);
    expect(stepArtifacts(rerun, 'gen').map((a) => imageDigest(atelier, a))).toEqual(stepArtifacts(first, 'gen').map((a) => imageDigest(atelier, a)));
  });

  it('vae.inpaint frees every tensor it made when the model fails inside the step', async () => {
    const record = atelier.checkpoints.resolve(conv.result.checkpointId as string);
    const handle = vaeConv.load({ record: record as never, models: await atelier.checkpoints.loadModels(record), tf });
    // The real handle, with an encoder that fails after the editor has made its images and masks.
    const failing = { ...handle, encode: () => { throw new Error('encoder failed'); } };
    const ctx = await createTestContext({ checkpoint: async () => ({ record, model: failing, prepare: async (batch) => batch }) });
    const input = { images: tf.zeros([2, 28, 28, 1]) as tf.Tensor4D, meta: [{}, {}] };
    const before = tf.memory().numTensors;
    await expect(applyEditor(inpaint, ctx, [input], { checkpoint: record.id, x: 4, y: 4, width: 8, height: 8, iterations: 1 })).rejects.toThrow('encoder failed');
    expect(tf.memory().numTensors).toBe(before);
    input.images.dispose();
    handle.dispose();
  });

  it('vae.generate is seeded; vae.reconstruct and vae.interpolate give the promised counts', async () => {
    const spec = (seed: number) => ({
      seed,
      steps: [
        { id: 'gen', use: 'vae.generate', with: { checkpoint: conv.result.checkpointId, count: 3, labels: ['1'], groupSize: 10 } },
        { id: 'walk', use: 'vae.interpolate', with: { checkpoint: conv.result.checkpointId, frames: 4 } },
        { id: 'again', use: 'vae.reconstruct', with: { checkpoint: conv.result.checkpointId } },
      ],
    });
    const [a, b, c] = [await runPipeline(spec(1)), await runPipeline(spec(1)), await runPipeline(spec(2))];
    for (const run of [a, b, c]) expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    const hashes = (run: RunRecord) => stepArtifacts(run, 'gen').map((x) => imageDigest(atelier, x));
    expect(hashes(a)).toEqual(hashes(b));
    expect(hashes(a)).not.toEqual(hashes(c));
    expect(stepArtifacts(a, 'walk')).toHaveLength(7);
    expect(stepArtifacts(a, 'again')).toHaveLength(7);
  });

  it('vae.generate at temperature 0 decodes the prior mean for every image, at 1 it varies them', async () => {
    const spec = (temperature: number) => ({ seed: 5, steps: [{ id: 'gen', use: 'vae.generate', with: { checkpoint: conv.result.checkpointId, count: 3, temperature } }] });
    const [cold, warm] = [await runPipeline(spec(0)), await runPipeline(spec(1))];
    const hashes = (run: RunRecord) => stepArtifacts(run, 'gen').map((x) => imageDigest(atelier, x));
    expect(new Set(hashes(cold)).size).toBe(1);
    expect(new Set(hashes(warm)).size).toBe(3);
  });

  it('vae.generate from the fitted prior is seeded, differs from N(0, I), and refuses too few images to fit each label', async () => {
    const spec = (seed: number, prior: string, priorSize = 200) => ({
      seed,
      steps: [{ id: 'gen', use: 'vae.generate', with: { checkpoint: conv.result.checkpointId, count: 4, prior, priorSize } }],
    });
    const runs = [await runPipeline(spec(1, 'fitted')), await runPipeline(spec(1, 'fitted')), await runPipeline(spec(2, 'fitted')), await runPipeline(spec(1, 'standard'))];
    for (const run of runs) expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    const [fitted, again, otherSeed, standard] = runs.map((run) => stepArtifacts(run, 'gen').map((x) => imageDigest(atelier, x)));
    expect(new Set(fitted).size).toBe(4);
    expect(again).toEqual(fitted);
    expect(otherSeed).not.toEqual(fitted);
    expect(standard).not.toEqual(fitted);
    const few = await runPipeline(spec(1, 'fitted', 5));
    expect(few.error).toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'priorSize', limit: 2 } });

    // The prior is fitted to the checkpoint's data set: cached until that set is imported anew.
    const genStatus = async () => atelier.runs.steps((await runPipeline(spec(1, 'fitted'))).id)[0].status;
    expect(await genStatus()).toBe('cached');
    atelier.datasets.delete('digits');
    await importTestDigits(atelier, 'digits', 200);
    expect(await genStatus()).toBe('succeeded');
  });

  it('vae.latent-grid draws steps² images of a 2-D latent model and refuses other latent sizes', async () => {
    const ok = await runPipeline({ seed: 1, steps: [{ id: 'grid', use: 'vae.latent-grid', with: { checkpoint: grid2d, steps: 4 } }] });
    expect(ok.status, JSON.stringify(ok.error)).toBe('succeeded');
    expect(stepArtifacts(ok, 'grid')).toHaveLength(16);
    const bad = await runPipeline({ seed: 1, steps: [{ id: 'grid', use: 'vae.latent-grid', with: { checkpoint: conv.result.checkpointId } }] });
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatchObject({ code: 'CHECKPOINT_INCOMPATIBLE', details: { path: 'checkpoint' } });
  });

  it('refuses bad input with typed errors naming the field', async () => {
    const checkpoint = conv.result.checkpointId;
    await expect(
      atelier.submitPipeline({
        steps: [
          { id: 'digit', use: 'image.load', with: { dataset: 'digits', count: 1 } },
          { id: 'shift', use: 'vae.attribute', with: { checkpoint, from: '3', to: '8', strength: 1.5 } },
        ],
      }),
    ).rejects.toMatchObject({ code: 'PIPELINE_INVALID', issues: [expect.objectContaining({ step: 'shift', path: expect.stringContaining('strength') })] });

    const one = await runPipeline({
      steps: [
        { id: 'digit', use: 'image.load', with: { dataset: 'digits', count: 1 } },
        { id: 'walk', use: 'vae.interpolate', with: { checkpoint } },
      ],
    });
    expect(one.error).toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'input', limit: 2 } });

    const unknown = await runPipeline({
      steps: [
        { id: 'digit', use: 'image.load', with: { dataset: 'digits', count: 1 } },
        { id: 'shift', use: 'vae.attribute', with: { checkpoint, from: '3', to: 'eleven' } },
      ],
    });
    expect(unknown.error).toMatchObject({ code: 'BAD_USER_INPUT', details: { path: 'to' } });

    // An RGB image of another size is brought to the checkpoint's 28×28 gray by its recorded chain.
    const rgb = await runPipeline({
      steps: [
        { id: 'digit', use: 'image.load', with: { dataset: 'digits', count: 1, width: 40, height: 40, channels: 3 } },
        { id: 'again', use: 'vae.reconstruct', with: { checkpoint } },
      ],
    });
    expect(rgb.status, JSON.stringify(rgb.error)).toBe('succeeded');
    expect(stepArtifacts(rgb, 'again')[0]).toMatchObject({ width: 28, height: 28 });
  });

  it('round-trips encode/decode through the checkpoint store bit for bit', async () => {
    const record = atelier.checkpoints.resolve(conv.result.checkpointId as string);
    const family = atelier.registry.family('vae.conv')!;
    const outputs = async () => {
      const handle = family.load({ record, models: await atelier.checkpoints.loadModels(record), tf }) as unknown as import('./models/vae-handle.js').VaeHandle;
      const input = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
      const result = tf.tidy(() => {
        const { mean, logVar } = handle.encode(input);
        return [mean.arraySync(), logVar.arraySync(), handle.decode(mean).arraySync()];
      });
      input.dispose();
      handle.dispose();
      return result;
    };
    const before = tf.memory().numTensors;
    const first = await outputs();
    expect(await outputs()).toEqual(first);
    expect(tf.memory().numTensors).toBe(before);
  });
});
