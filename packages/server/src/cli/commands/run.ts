import fs from 'node:fs';
import path from 'node:path';
import { AtelierError } from '@atelier/core';
import type { Command } from 'commander';
import { parseInteger, withWorkersOption } from '../parse.js';
import { printError, printResult } from '../output.js';
import { showProgress } from '../progress.js';
import { withAtelier } from '../session.js';

export function registerRun(program: Command): void {
  withWorkersOption(program.command('run'))
    .description('validate and run a pipeline spec (JSON), storing its images as artifacts')
    .argument('<spec>', 'pipeline spec file (.json)')
    .option('--seed <n>', 'run seed (default: the spec\'s seed, else random)', parseInteger('--seed'))
    .option('--out <dir>', 'also copy the images into this folder')
    .option('--json', 'print one JSON object: {"runId","status","artifacts":[{"id","step","path"}]}')
    .action(async (specFile: string, options: { seed?: number; out?: string; json?: boolean; workers?: number }) => {
      try {
        const spec = readSpec(specFile);
        await withAtelier(async (atelier) => {
          const queued = await atelier.submitPipeline(spec, { seed: options.seed });
          const stop = options.json ? () => {} : showProgress(atelier, queued.id, atelier.runs.steps(queued.id).length, 'steps');
          const run = await atelier.queue.wait(queued.id).finally(stop);
          if (run.status !== 'succeeded') {
            throw new AtelierError((run.error?.code as never) ?? 'INTERNAL', run.error?.message ?? `Run ${run.status}`, {
              ...run.error?.details,
              runId: run.id,
              status: run.status,
            });
          }
          const artifacts = atelier.artifacts.list(run.id).map((artifact) => {
            let file = atelier.artifacts.absolutePath(artifact);
            if (options.out) {
              fs.mkdirSync(options.out, { recursive: true });
              const target = path.resolve(options.out, artifact.name);
              fs.copyFileSync(file, target);
              file = target;
            }
            return { id: artifact.id, step: artifact.stepId, path: file };
          });
          printResult(options, { runId: run.id, status: run.status, seed: run.seed, artifacts }, () =>
            [`run ${run.id} ${run.status} (seed ${run.seed})`, ...artifacts.map((a) => `  ${a.step}  ${a.path}`)].join('\n'),
          );
        }, options);
      } catch (error) {
        printError(options, error);
      }
    });
}

function readSpec(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AtelierError('BAD_USER_INPUT', `Cannot read pipeline spec ${file}: ${(error as Error).message}`, { path: 'spec' }, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AtelierError('BAD_USER_INPUT', `Pipeline spec ${file} is not valid JSON: ${(error as Error).message}`, { path: 'spec' }, { cause: error });
  }
}
