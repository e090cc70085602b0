import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { defaultsFolder, listDefaultCheckpoints } from '../../defaults/default-checkpoint.js';
import { goalTotals, renderReport } from '../../defaults/report.js';
import { printError, printResult } from '../output.js';

/** Bytes of every file under `folder` (0 where it does not exist). */
function folderBytes(folder: string): number {
  if (!fs.existsSync(folder)) return 0;
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((entry) => fs.statSync(path.join(folder, entry)))
    .reduce((sum, stats) => sum + (stats.isFile() ? stats.size : 0), 0);
}

function readSamples(folder: string): (name: string) => Buffer | null {
  return (name) => {
    const file = path.join(folder, name, 'samples.png');
    return fs.existsSync(file) ? fs.readFileSync(file) : null;
  };
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description("write one self-contained HTML page with each default checkpoint's goals, metrics, loss curve, samples and lineage")
    .option('--out <file>', 'the page to write', 'atelier-report.html')
    .option('--defaults <folder>', 'the default checkpoints folder', defaultsFolder)
    .option('--json', 'print one JSON object: {"path","checkpoints","goalsMet","goals"}')
    // Reads only the defaults folder: no Atelier home is opened, so it needs no database or engine.
    .action((options: { out: string; defaults: string; json?: boolean }) => {
      try {
        const folder = path.resolve(options.defaults);
        const out = path.resolve(options.out);
        const checkpoints = listDefaultCheckpoints(folder);
        const html = renderReport(checkpoints, readSamples(folder), { totalBytes: folderBytes(folder), folder });
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, html);
        const { met, total } = goalTotals(checkpoints);
        printResult(options, { path: out, checkpoints: checkpoints.length, goalsMet: met, goals: total }, () =>
          `report: ${checkpoints.length} checkpoints, ${met}/${total} goals met → ${out}`,
        );
      } catch (error) {
        printError(options, error);
      }
    });
}
