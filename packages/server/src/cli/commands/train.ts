import { AtelierError } from '@atelier/core';
import type { Command } from 'commander';
import { collectList, collectSetting, parseInteger, withWorkersOption } from '../parse.js';
import { printError, printResult } from '../output.js';
import { showProgress } from '../progress.js';
import { withAtelier } from '../session.js';

interface TrainOptions {
  dataset: string;
  name?: string;
  epochs?: number;
  maxSteps?: number;
  set?: Record<string, unknown>;
  preprocess?: string[];
  seed?: number;
  resume?: string;
  json?: boolean;
  workers?: number;
}

export function registerTrain(program: Command): void {
  withWorkersOption(program.command('train'))
    .description('train a model family on a data set and store the checkpoint')
    .argument('<family>', 'model family id, e.g. gan.dcgan (see `atelier plugins`)')
    .requiredOption('--dataset <name>', 'data set to train on')
    .option('--name <name>', 'checkpoint name (default <family>-<dataset>)')
    .option('--epochs <n>', 'epochs', parseInteger('--epochs', 1))
    .option('--max-steps <n>', 'stop after this many steps', parseInteger('--max-steps', 1))
    .option('--set <key=value>', 'hyper-parameter (repeatable; JSON values)', collectSetting)
    .option('--preprocess <id>', 'training augmentation, e.g. augment.flip (repeatable)', collectList)
    .option('--seed <n>', 'run seed', parseInteger('--seed'))
    .option('--resume <checkpoint>', 'continue from this checkpoint (id or name)')
    .option('--json', 'print one JSON object: {"runId","checkpointId","checkpointName","metrics"}')
    .action(async (family: string, options: TrainOptions) => {
      try {
        await withAtelier(async (atelier) => {
          const queued = await atelier.submitTraining({
            family,
            dataset: options.dataset,
            name: options.name,
            epochs: options.epochs,
            maxSteps: options.maxSteps,
            hyperparameters: options.set ?? {},
            preprocess: (options.preprocess ?? []).map((use) => ({ use })),
            seed: options.seed,
            resume: options.resume,
            // `--workers K` starts K worker processes for this command and trains on all of them.
            workers: options.workers,
          });
          const stop = options.json ? () => {} : showProgress(atelier, queued.id, options.maxSteps ?? 1, 'steps');
          const started = Date.now();
          const run = await atelier.queue.wait(queued.id).finally(stop);
          if (run.status !== 'succeeded') {
            throw new AtelierError((run.error?.code as never) ?? 'INTERNAL', run.error?.message ?? `Training ${run.status}`, {
              ...run.error?.details,
              runId: run.id,
              status: run.status,
              checkpointId: run.result.checkpointId ?? null,
            });
          }
          const { checkpointId, checkpointName, metrics } = run.result as { checkpointId: string; checkpointName: string; metrics: Record<string, number> };
          const seconds = (Date.now() - started) / 1000;
          printResult(options, { runId: run.id, checkpointId, checkpointName, metrics, seconds }, () =>
            [
              `training run ${run.id} succeeded in ${seconds.toFixed(1)} s`,
              `checkpoint ${checkpointName} (${checkpointId})`,
              ...Object.entries(metrics ?? {}).map(([k, v]) => `  ${k} = ${v}`),
            ].join('\n'),
          );
        }, options);
      } catch (error) {
        printError(options, error);
      }
    });
}
