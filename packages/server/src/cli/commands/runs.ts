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
    .command('show')
    .description('show one run: status, steps with timings and errors, artifacts')
    .argument('<runId>')
    .option('--json', 'print one JSON object: {"run","steps","artifacts":[{"id","step","path"}]}')
    .action(async (runId: string, options: { json?: boolean }) => {
      try {
        await withAtelier(async (atelier) => {
          const { runs, artifacts } = atelier;
          const run = atelier.run(runId);
          const steps = runs.steps(runId);
          const files = artifacts.list(runId).map((a) => ({ id: a.id, step: a.stepId, kind: a.kind, path: artifacts.absolutePath(a) }));
          printResult(options, { run, steps, artifacts: files }, () =>
            [
              `run ${run.id} ${run.kind} ${run.status} (seed ${run.seed})${run.error ? ` — ${run.error.code}: ${run.error.message}` : ''}`,
              table(steps.map((s) => ({ ...s, error: s.error?.message ?? '' })), ['stepId', 'use', 'status', 'durationMs', 'error']),
              ...files.map((f) => `  ${f.step ?? f.kind}  ${f.path}`),
            ].join('\n'),
          );
        });
      } catch (error) {
        printError(options, error);
      }
    });
}
