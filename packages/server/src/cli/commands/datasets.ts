import path from 'node:path';
import type { Command } from 'commander';
import { importMnist, type MnistSplit } from '../../datasets/mnist.js';
import { parseInteger, withWorkersOption } from '../parse.js';
import { printError, printResult, table } from '../output.js';
import { withAtelier } from '../session.js';

export function registerDatasets(program: Command): void {
  const dataset = program.command('dataset').description('manage data sets');
  withWorkersOption(dataset.command('import'))
    .description('import the built-in MNIST digits (`mnist`) or a folder of images (sub-folders become labels)')
    .argument('<source>', '"mnist" or a folder')
    .requiredOption('--name <name>', 'data set name')
    .option('--limit <n>', 'import at most n images', parseInteger('--limit', 1))
    .option('--split <part>', 'mnist only: all, train (9 in 10 of each digit) or holdout (the 10th)')
    .option('--width <px>', 'resize every image to this width', parseInteger('--width', 1))
    .option('--height <px>', 'resize every image to this height', parseInteger('--height', 1))
    .option('--json', 'print one JSON object: {"name","count"}')
    .action(async (source: string, options: { name: string; limit?: number; split?: MnistSplit; width?: number; height?: number; json?: boolean; workers?: number }) => {
      try {
        const { name, limit, split, width, height } = options;
        await withAtelier(async (atelier) => {
          // A folder is named relative to where the user runs the command.
          const record =
            source === 'mnist'
              ? await importMnist(atelier.datasets, { name, limit, split })
              : await atelier.importDataset({ source: 'folder', name, path: path.resolve(source), limit, width, height });
          printResult(options, { name: record.name, count: record.count, width: record.width, height: record.height, channels: record.channels, labels: record.labelNames }, () =>
            `imported ${record.count} images into "${record.name}" (${record.width}×${record.height}×${record.channels}, ${record.labelNames.length} labels)`,
          );
        }, options);
      } catch (error) {
        printError(options, error);
      }
    });

  program
    .command('datasets')
    .description('list data sets')
    .option('--json', 'print one JSON object: {"datasets":[...]}')
    .action(async (options: { json?: boolean }) => {
      try {
        await withAtelier(async ({ datasets }) => {
          const list = datasets.list();
          printResult(options, { datasets: list }, () =>
            table(list.map((d) => ({ ...d, size: `${d.width}×${d.height}×${d.channels}`, labels: d.labelNames.length })), ['name', 'source', 'count', 'size', 'labels', 'createdAt']),
          );
        });
      } catch (error) {
        printError(options, error);
      }
    });
}
