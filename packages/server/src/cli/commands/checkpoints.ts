import type { Command } from 'commander';
import { printError, printResult, table } from '../output.js';
import { withAtelier } from '../session.js';

export function registerCheckpoints(program: Command): void {
  program
    .command('checkpoints')
    .description('list checkpoints, newest first')
    .option('--family <id>', 'only this model family')
    .option('--json', 'print one JSON object: {"checkpoints":[...]}')
    .action(async (options: { family?: string; json?: boolean }) => {
      try {
        await withAtelier(async ({ checkpoints }) => {
          const list = checkpoints.list(options.family ? { family: options.family } : {});
          printResult(options, { checkpoints: list }, () =>
            table(list.map((c) => ({ ...c, metrics: JSON.stringify(c.metrics) })), ['name', 'family', 'step', 'createdAt', 'id', 'dataset', 'metrics']),
          );
        });
      } catch (error) {
        printError(options, error);
      }
    });

  const checkpoint = program.command('checkpoint').description('manage checkpoints');
  checkpoint
    .command('delete')
    .description('delete a checkpoint and its files (a default model comes back at the next start while defaults are on)')
    .argument('<ref>', 'checkpoint id, or name (the newest of that name)')
    .option('--json', 'print one JSON object: {"deleted":{"id","name","family"}}')
    .action(async (ref: string, options: { json?: boolean }) => {
      try {
        await withAtelier(async (atelier) => {
          const removed = atelier.deleteCheckpoint(ref);
          printResult(options, { deleted: { id: removed.id, name: removed.name, family: removed.family } }, () => `deleted checkpoint "${removed.name}" (${removed.id})`);
        });
      } catch (error) {
        printError(options, error);
      }
    });
}
