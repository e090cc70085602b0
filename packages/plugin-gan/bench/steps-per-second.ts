/**
 * Training speed of gan.dcgan at the reference shape (batch 64, 28×28, default widths) on
 * the engine this process picks (ATELIER_BACKEND). Usage: npx tsx packages/plugin-gan/bench/steps-per-second.ts [steps]
 */
import 'reflect-metadata';
import { initEngine } from '@atelier/core';
import { recordingTrainContext } from '@atelier/core/testing';
import { squaresData } from '../src/__fixtures__/train-context.js';
import { ganHyperparameters } from '../src/models/hyperparameters.js';
import { trainGan } from '../src/models/train-gan.js';

const steps = Number(process.argv[2] ?? 10);
const engine = await initEngine();
const h = ganHyperparameters.parse({ batchSize: 64, previewEvery: 0 });
const run = recordingTrainContext(h, squaresData(64 * (steps + 1), h), { maxSteps: steps + 1 });
const times: number[] = [];
run.ctx.progress = () => times.push(performance.now());
await trainGan(run.ctx, false);
// The first step pays for kernel set-up; time the rest.
const seconds = (times[times.length - 1] - times[0]) / 1000;
console.log(`${engine.report().backend}: ${(steps / seconds).toFixed(2)} steps/s at batch 64, 28×28 (${steps} steps in ${seconds.toFixed(1)} s)`);
