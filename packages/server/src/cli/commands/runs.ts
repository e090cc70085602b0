import type { Command } from 'commander';
import type { RunStatus } from '@atelier/core';
import { parseInteger } from '../parse.js';
import { printError, printResult, table } from '../output.js';
import { withAtelier } from '../session.js';

export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description('list recent runs, newest first')
    .option('--status <status>', 'only runs with this status (queued, running, succeeded, failed, canceled, interrupted)')
    .option('--limit <n>', 'how many', parseInteger('--limit', 1), 20)
    .option('--json', 'print one JSON object: {"runs":[...],"totalCount"}')
    .action(async (options: { status?: RunStatus; limit: number; json?: boolean }) => {
      try {
        await withAtelier(async ({ runs }) => {
          const page = runs.list(options.status ? { status: [options.status] } : {}, { first: options.limit });
          printResult(options, { runs: page.runs, totalCount: page.totalCount }, () =>
            table(page.runs.map((r) => ({ ...r, error: r.error?.code ?? '' })), ['id', 'kind', 'name', 'status', 'seed', 'createdAt', 'error']),
          );
        });
      } catch (error) {
        printError(options, error);
      }
    });

  program
    .command('checkpoints')
    .description('list trained checkpoints')
    .option('--family <id>', 'only this model family')
    .option('--json', 'print one JSON object: {"checkpoints":[...]}')
    .action(async (options: { family?: string; json?: boolean }) => {
      try {
        await withAtelier(async ({ checkpoints }) => {
          const list = checkpoints.list(options.family ? { family: options.family } : {});
          printResult(options, { checkpoints: list }, () =>
            table(list.map((c) => ({ ...c, metrics: JSON.stringify(c.metrics) })), ['id', 'name', 'family', 'dataset', 'epoch', 'step', 'metrics', 'createdAt']),
          );
        });
      } catch (error) {
        printError(options, error);
      }
    });
}
