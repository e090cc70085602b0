/**
 * A short MNIST training of gan.dcgan through core, then gan.generate → image.grid, the grid copied
 * to the given path. Usage: npx tsx packages/plugin-gan/bench/mnist-grid.ts out.png [steps] [width]
 */
import fs from 'node:fs';
import { parseBackendChoice } from '@atelier/core';
import { createTestAtelier, importTestDigits, expectSucceeded } from '@atelier/core/testing';

const [out = 'gan-grid.png', steps = '150', width = '32'] = process.argv.slice(2);
const atelier = await createTestAtelier({ plugins: [new URL('../src/index.ts', import.meta.url)], backend: parseBackendChoice(process.env.ATELIER_BACKEND ?? 'wasm') });
try {
  await importTestDigits(atelier, 'digits', 2000);
  const started = performance.now();
  const training = await expectSucceeded(
    atelier,
    await atelier.submitTraining({
      family: 'gan.dcgan',
      dataset: 'digits',
      // Enough epochs that the step count, not the epoch default, ends the run.
      epochs: 10_000,
      maxSteps: Number(steps),
      seed: 1,
      hyperparameters: { generatorWidth: Number(width), discriminatorWidth: Number(width), batchSize: 64, previewEvery: 0 },
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const checkpoint = training.result.checkpointId as string;
  console.log(`${steps} steps in ${seconds.toFixed(0)} s (${(Number(steps) / seconds).toFixed(2)} steps/s, incl. data prep and saves)`);
  console.log('metrics', atelier.checkpoints.resolve(checkpoint).metrics);
  const run = await expectSucceeded(
    atelier,
    await atelier.submitPipeline({
      seed: 7,
      steps: [
        { id: 'gen', use: 'gan.generate', with: { checkpoint, count: 36 } },
        { id: 'grid', use: 'image.grid', with: { columns: 6 } },
      ],
    }),
  );
  const grid = atelier.artifacts.list(run.id).find((a) => a.stepId === 'grid')!;
  fs.copyFileSync(atelier.artifacts.absolutePath(grid), out);
  console.log(`grid written to ${out}`);
} finally {
  await atelier.cleanup();
}
