import path from 'node:path';
import { AtelierError } from '@atelier/core';
import type { Command } from 'commander';
import { defaultCheckpointNames, defaultsFolder, type DefaultCheckpointName } from '../../defaults/default-checkpoint.js';
import { trainDefaults } from '../../defaults/train-defaults.js';
import { collectList, withWorkersOption } from '../parse.js';
import { printError, printResult } from '../output.js';
import { withAtelier } from '../session.js';

/** A full run from scratch on this project's 2-core machine took 82 min (the test suite ran beside it for 22 of them). */
export const documentedMinutes = 80;

interface TrainDefaultsCliOptions {
  only?: string[];
  out?: string;
  home: string;
  quick?: boolean;
  json?: boolean;
  workers?: number;
}

export function registerTrainDefaults(program: Command): void {
  withWorkersOption(program.command('train-defaults'))
    .description(`train, judge and write the default checkpoints (${defaultCheckpointNames.join(', ')}); about ${documentedMinutes} min on 2 cores`)
    .option('--only <name>', 'only this default (repeatable); a digits-classifier already in the home judges it, else one is trained', collectList)
    .option('--out <folder>', 'defaults folder to write', defaultsFolder)
    .option('--home <folder>', 'the Atelier home the trainings run in (reused runs are found here)', '.atelier-defaults')
    .option('--quick', 'a smoke run: 3 steps per model and 40-image evaluations')
    .option('--json', 'print one JSON object: {"defaults":[{"name","metrics","goals","seconds","reused","folder"}]}')
    .action(async (options: TrainDefaultsCliOptions) => {
      try {
        const unknown = (options.only ?? []).find((name) => !defaultCheckpointNames.includes(name as DefaultCheckpointName));
        if (unknown) {
          throw new AtelierError('BAD_USER_INPUT', `--only: no default named "${unknown}" (known: ${defaultCheckpointNames.join(', ')})`, { path: 'only', value: unknown });
        }
        const log = (line: string) => process.stderr.write(`${line}\n`);
        if (!options.quick) log(`train-defaults: about ${documentedMinutes} min on a 2-core machine; trainings run in ${path.resolve(options.home)}`);
        await withAtelier(async (atelier) => {
          const started = Date.now();
          const defaults = await trainDefaults(atelier, { only: options.only as DefaultCheckpointName[] | undefined, out: options.out ?? defaultsFolder, quick: options.quick, log });
          const seconds = (Date.now() - started) / 1000;
          printResult(options, { defaults, seconds }, () =>
            [
              `wrote ${defaults.length} default checkpoints to ${options.out ?? defaultsFolder} in ${(seconds / 60).toFixed(1)} min`,
              ...defaults.map((d) => `  ${d.name}: ${d.goals.map((g) => `${g.metric} ${g.value?.toFixed(4)} ${g.met ? '✓' : '✗'}`).join(', ')}`),
            ].join('\n'),
          );
          if (defaults.some((d) => d.goals.some((g) => !g.met))) process.exitCode = 1;
        // Its home holds the trainings themselves: installed copies would shadow them by name.
        }, { workers: options.workers, home: options.home, installDefaults: false });
      } catch (error) {
        printError(options, error);
      }
    });
}
