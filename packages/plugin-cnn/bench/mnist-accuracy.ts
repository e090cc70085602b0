/**
 * Trains cnn.classifier with its default hyper-parameters on the MNIST digits through core and
 * prints validation accuracy per epoch and the time taken. Usage:
 * ATELIER_BACKEND=wasm npx tsx --tsconfig tsconfig.json packages/plugin-cnn/bench/mnist-accuracy.ts [digits] [epochs]
 */
import { parseBackendChoice } from '@atelier/core';
import { createTestAtelier, expectSucceeded, importTestDigits } from '@atelier/core/testing';

const [digits = '10000', epochs = '3'] = process.argv.slice(2);
const atelier = await createTestAtelier({ plugins: [new URL('../src/index.ts', import.meta.url)], backend: parseBackendChoice(process.env.ATELIER_BACKEND ?? 'wasm') });
try {
  await importTestDigits(atelier, 'digits', Number(digits));
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  const run = await atelier.submitTraining({ family: 'cnn.classifier', dataset: 'digits', epochs: Number(epochs), seed: 1 });
  atelier.events.subscribe(run.id, (event) => {
    const losses = event.type === 'training' ? event.progress.losses : null;
    if (losses && 'valAccuracy' in losses) console.log(`epoch ${event.type === 'training' && event.progress.epoch + 1}: valAccuracy ${losses.valAccuracy.toFixed(4)}, valLoss ${losses.valLoss.toFixed(4)} (${elapsed()})`);
    else if (losses) console.log(`  step ${event.type === 'training' && event.progress.step}: loss ${losses.loss.toFixed(3)} (${elapsed()})`);
  });
  const done = await expectSucceeded(atelier, run);
  console.log(`backend ${atelier.engine.report().backend}; ${elapsed()}; metrics`, done.result.metrics);
} finally {
  await atelier.cleanup();
}
