import fs from 'node:fs';
import path from 'node:path';
import type { PipelineSpecInput, StepRecord } from '@atelier/core';
import { createTestAtelier, expectSucceeded, type TestAtelier } from '@atelier/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePlugin } from '../plugin-resolver.js';
import { defaultSpecs, evaluationSamples } from './catalog.js';
import { defaultCheckpointNames, defaultsFolder, goalMet, listDefaultCheckpoints } from './default-checkpoint.js';
import { examplesFolder, installDefaults } from './install-defaults.js';
import { evaluate } from './train-defaults.js';

/**
 * The committed defaults as a newcomer gets them: installed into a fresh home, judged again the way
 * `train-defaults` judged them, and driven through the example pipelines.
 */
let atelier: TestAtelier;

beforeAll(async () => {
  atelier = await createTestAtelier({ plugins: ['@atelier/plugin-gan', '@atelier/plugin-vae', '@atelier/plugin-cnn'].map(resolvePlugin), workers: 2 });
  await installDefaults(atelier);
});
afterAll(() => atelier.cleanup());

const folderBytes = (folder: string): number =>
  fs.readdirSync(folder, { withFileTypes: true }).reduce((sum, entry) => {
    const full = path.join(folder, entry.name);
    return sum + (entry.isDirectory() ? folderBytes(full) : fs.statSync(full).size);
  }, 0);

/** The example as saved in the home, its last (grid) step swapped for the classifier's labels. */
async function classifiedExample(name: string, upTo: string): Promise<{ steps: StepRecord[]; labelled: StepRecord }> {
  const spec = atelier.pipelines.get(name)!.spec as PipelineSpecInput;
  const kept = spec.steps.slice(0, spec.steps.findIndex((step) => step.id === upTo) + 1);
  const run = await expectSucceeded(
    atelier,
    await atelier.submitPipeline({ ...spec, steps: [...kept, { id: 'labels', use: 'cnn.classify', with: { checkpoint: 'digits-classifier' }, from: [upTo], save: false }] }),
  );
  const steps = atelier.runs.steps(run.id);
  return { steps, labelled: steps.find((step) => step.stepId === 'labels')! };
}

describe('the default checkpoints', () => {
  it('are all six, installed with their lineage, in well under 20 MB, and their stored metrics meet every goal', () => {
    const files = listDefaultCheckpoints();
    expect(files.map((file) => file.name)).toEqual([...defaultCheckpointNames]);
    expect(folderBytes(defaultsFolder)).toBeLessThan(15 * 2 ** 20);
    const missed: string[] = [];
    for (const file of files) {
      const installed = atelier.checkpoints.resolve(file.name);
      expect(installed).toMatchObject({ family: file.family, metrics: file.metrics, lineage: file.lineage });
      expect(file.lineage.dataset).toMatchObject({ name: 'digits', split: 'train' });
      for (const goal of file.goals) if (!goalMet(goal, file.metrics)) missed.push(`${file.name} ${goal.metric}`);
    }
    expect(missed).toEqual([]);
  });

  it('measure the same again on a fresh home', async () => {
    for (const spec of defaultSpecs) {
      const measured = await evaluate(atelier, spec, evaluationSamples);
      const stored = atelier.checkpoints.resolve(spec.name).metrics;
      for (const goal of spec.goals) {
        expect(measured[goal.metric], `${spec.name} ${goal.metric}`).toBeCloseTo(stored[goal.metric], 2);
        expect(goalMet(goal, measured)).toBe(goalMet(goal, stored));
      }
    }
  }, 600_000);
});

describe('the example pipelines on the defaults', () => {
  it('are saved in a fresh home and all run', async () => {
    const examples = fs.readdirSync(examplesFolder).filter((file) => file.endsWith('.json')).map((file) => path.basename(file, '.json'));
    expect(examples.sort()).toEqual(['digits', 'edit-photo', 'morph', 'repair', 'walk']);
    for (const name of examples) {
      const run = await expectSucceeded(atelier, await atelier.submitPipeline(atelier.pipelines.get(name)!.spec));
      expect(atelier.artifacts.list(run.id).filter((a) => a.kind === 'image').length, name).toBeGreaterThan(0);
    }
  }, 300_000);

  it('digits: most of the 64 generated digits are kept as confident', async () => {
    const run = await expectSucceeded(atelier, await atelier.submitPipeline(atelier.pipelines.get('digits')!.spec));
    const confident = atelier.runs.steps(run.id).find((step) => step.stepId === 'confident')!;
    expect(confident.records.kept as number).toBeGreaterThanOrEqual(48);
  });

  it('walk: the frames between two latents are digits the classifier is sure of', async () => {
    const { labelled } = await classifiedExample('walk', 'walk');
    const sure = labelled.imageMeta.filter((meta) => (meta.confidence as number) >= 0.8);
    expect(sure.length).toBeGreaterThanOrEqual(8);
  });

  it('morph: each 3 becomes an 8 along the way', async () => {
    const { labelled } = await classifiedExample('morph', 'morph');
    const rows = [0, 1, 2, 3].map((row) => labelled.imageMeta.slice(row * 8, row * 8 + 8).map((meta) => meta.label));
    expect(rows.filter((row) => row[0] === 3 && row[7] === 8).length).toBeGreaterThanOrEqual(3);
  });

  it('repair: digits with their lower part cut away are restored to digits of their own class', async () => {
    const { steps, labelled } = await classifiedExample('repair', 'restored');
    const truth = steps.find((step) => step.stepId === 'digits')!.imageMeta.map((meta) => meta.label);
    const damaged = await classifiedExample('repair', 'damaged');
    const agreeing = (labels: unknown[]) => labels.filter((label, i) => label === truth[i]).length;
    expect(agreeing(labelled.imageMeta.map((meta) => meta.label))).toBeGreaterThanOrEqual(7);
    // The repair is what makes them recognisable again.
    expect(agreeing(labelled.imageMeta.map((meta) => meta.label))).toBeGreaterThan(agreeing(damaged.labelled.imageMeta.map((meta) => meta.label)));
  });
});
