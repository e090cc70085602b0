import fs from 'node:fs';
import path from 'node:path';
import { AtelierError, type Atelier, type RunRecord, type SweepParam } from '@atelier/core';
import type { Command } from 'commander';
import { parseInteger, withWorkersOption } from '../parse.js';
import { printError, printResult } from '../output.js';
import { showProgress } from '../progress.js';
import { withAtelier } from '../session.js';
import { collectSweepParam, parseSeedList } from './run-sweep.js';

interface RunOptions {
  seed?: number;
  out?: string;
  json?: boolean;
  workers?: number;
  from?: string;
  seeds?: number[];
  set: SweepParam[];
  zip?: boolean;
  contactSheet?: boolean;
  cache: boolean;
}

export function registerRun(program: Command): void {
  withWorkersOption(program.command('run'))
    .description('validate and run a pipeline spec (JSON), storing its images as artifacts')
    .argument('[spec]', 'pipeline spec file (.json); not needed with --from')
    .option('--seed <n>', 'run seed (default: the spec\'s seed, else random)', parseInteger('--seed'))
    .option('--out <dir>', 'also copy the images into this folder')
    .option('--from <image>', 're-run the pipeline a PNG Atelier stored came from (spec, seed and checkpoints from its text chunks)')
    .option('--seeds <list>', 'a batch: one run per seed, e.g. 1..8 or 1,5,9', parseSeedList)
    .option('--set <path=values>', 'a batch: sweep a parameter, e.g. steps.sharpen.with.sigma=0.5,1,2 (repeatable; every combination)', collectSweepParam, [])
    .option('--zip', 'with several --set: pair their i-th values instead of taking every combination')
    .option('--contact-sheet', 'with a batch: once every run succeeded, one more run lays their images out as a grid (a row per value, a column per seed)')
    .option('--no-cache', 'compute every step afresh, reading and storing nothing in the step cache')
    .option('--json', 'print one JSON object: {"runId","status","artifacts":[{"id","step","path"}]}, or for a batch {"batchId","runs":[…]}')
    .action(async (specFile: string | undefined, options: RunOptions) => {
      try {
        if (!specFile === !options.from) throw new AtelierError('BAD_USER_INPUT', 'Give a pipeline spec file or --from <image>, not both', { path: 'spec' });
        const spec = specFile ? readSpec(specFile, options.cache) : null;
        await withAtelier(async (atelier) => {
          if (spec && (options.seeds || options.set.length > 0)) return runBatch(atelier, spec, options);
          const queued = spec ? await atelier.submitPipeline(spec, { seed: options.seed }) : await atelier.submitFromImage(readImage(options.from!));
          const stop = options.json ? () => {} : showProgress(atelier, queued.id, atelier.runs.steps(queued.id).length, 'steps');
          const run = await atelier.queue.wait(queued.id).finally(stop);
          if (run.status !== 'succeeded') throw runFailure(run);
          const artifacts = copyArtifacts(atelier, run, options.out);
          printResult(options, { runId: run.id, status: run.status, seed: run.seed, artifacts }, () =>
            [`run ${run.id} ${run.status} (seed ${run.seed})`, ...artifacts.map((a) => `  ${a.step}  ${a.path}`)].join('\n'),
          );
        }, options);
      } catch (error) {
        printError(options, error);
      }
    });
}

/** Every run of the batch is validated before any is queued; the command fails when one of them did. */
async function runBatch(atelier: Atelier, spec: unknown, options: RunOptions): Promise<void> {
  const { batch, runs } = await atelier.submitBatch(spec, { seeds: options.seeds, params: options.set, mode: options.zip ? 'zip' : 'product', contactSheet: options.contactSheet });
  if (!options.json) process.stderr.write(`batch ${batch.id}: ${runs.length} runs queued\n`);
  const done = await Promise.all(runs.map((run) => atelier.queue.wait(run.id)));
  const results = done.map((run) => ({ runId: run.id, status: run.status, seed: run.seed, artifacts: run.status === 'succeeded' ? copyArtifacts(atelier, run, options.out) : [] }));
  const sheetRun = options.contactSheet ? await atelier.contactSheet(batch.id) : null;
  const contactSheet = sheetRun && { runId: sheetRun.id, status: sheetRun.status, artifacts: sheetRun.status === 'succeeded' ? copyArtifacts(atelier, sheetRun, options.out) : [] };
  printResult(options, { batchId: batch.id, runs: results, ...(contactSheet ? { contactSheet } : {}) }, () =>
    [
      `batch ${batch.id}`,
      ...results.map((r) => `  run ${r.runId} ${r.status} (seed ${r.seed})`),
      ...(contactSheet ? [`  contact sheet ${contactSheet.runId} ${contactSheet.status}`, ...contactSheet.artifacts.map((a) => `    ${a.path}`)] : []),
    ].join('\n'),
  );
  const failed = done.find((run) => run.status !== 'succeeded');
  if (failed) process.exitCode = 1;
}

function runFailure(run: RunRecord): AtelierError {
  return new AtelierError((run.error?.code as never) ?? 'INTERNAL', run.error?.message ?? `Run ${run.status}`, {
    ...run.error?.details,
    runId: run.id,
    status: run.status,
  });
}

/** The run's artifacts with their paths, copied into `out` first when given (a batch's runs each into `<out>/<runId>`). */
function copyArtifacts(atelier: Atelier, run: RunRecord, out: string | undefined): { id: string; step: string | null; path: string }[] {
  const folder = out && run.batchId ? path.join(out, run.id) : out;
  return atelier.artifacts.list(run.id).map((artifact) => {
    let file = atelier.artifacts.absolutePath(artifact);
    if (folder) {
      fs.mkdirSync(folder, { recursive: true });
      const target = path.resolve(folder, artifact.name);
      fs.copyFileSync(file, target);
      file = target;
    }
    return { id: artifact.id, step: artifact.stepId, path: file };
  });
}

function readImage(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new AtelierError('BAD_USER_INPUT', `Cannot read image ${file}: ${(error as Error).message}`, { path: 'from' }, { cause: error });
  }
}

function readSpec(file: string, cache: boolean): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AtelierError('BAD_USER_INPUT', `Cannot read pipeline spec ${file}: ${(error as Error).message}`, { path: 'spec' }, { cause: error });
  }
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (error) {
    throw new AtelierError('BAD_USER_INPUT', `Pipeline spec ${file} is not valid JSON: ${(error as Error).message}`, { path: 'spec' }, { cause: error });
  }
  // `--no-cache` turns the cache off for this run; validation refuses a spec that is not an object anyway.
  return cache || !spec || typeof spec !== 'object' ? spec : { ...spec, cache: false };
}
