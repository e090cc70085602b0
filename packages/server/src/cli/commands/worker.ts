import type { Command } from 'commander';
import { AtelierError, loadAdapters, loadConfig, loadPlugins, PluginRegistry, workerSettings } from '@atelier/core';
import { resolvePlugin } from '../../plugin-resolver.js';
import { checkConfigFile } from '../../server-config.js';
import { printError } from '../output.js';
import { parseInteger } from '../parse.js';
import { stderrLogger } from '../session.js';

interface WorkerOptions {
  queues: string;
  concurrency: number;
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('take runs from the BullMQ queues (config `queue: { kind: "bullmq", url }`), each in a fresh worker process')
    .requiredOption('--queues <list>', 'capability queues to take jobs from: gen:cpu, gen:gpu, train:cpu, train:gpu (comma-separated)')
    .option('--concurrency <n>', 'jobs at once per queue, each in its own process', parseInteger('--concurrency', 1), 1)
    .action(async (options: WorkerOptions) => {
      try {
        await work(options);
      } catch (error) {
        printError({}, error);
        process.exit(1);
      }
    });
}

/** Runs until SIGTERM/SIGINT, which drain: no new jobs, running ones finish (canceled past the deadline). */
async function work(options: WorkerOptions): Promise<void> {
  checkConfigFile();
  const config = loadConfig();
  if (config.queue.kind === 'embedded') {
    throw new AtelierError('BAD_USER_INPUT', 'atelier worker needs `queue: { "kind": "bullmq", "url": "redis://…" }` in atelier.config.json', { path: 'queue.kind' });
  }
  const queueConfig = config.queue;
  const adapters = await loadAdapters(config, resolvePlugin);
  // Plugins are resolved here; each job's process imports them.
  const registry = new PluginRegistry();
  const pluginFiles = await loadPlugins(registry, config.plugins, { resolver: resolvePlugin, root: config.root });
  for (const failure of registry.failures) stderrLogger.error({ plugin: failure.name, err: failure.error.message }, 'plugin failed to load');
  const host = await adapters.queue!.startWorker(queueConfig, {
    queues: options.queues,
    concurrency: options.concurrency,
    settings: workerSettings(config, config.backend, pluginFiles),
    cancelGraceMs: config.cancelGraceMs,
    logger: stderrLogger,
    artifactFiles: adapters.artifactFiles,
  });
  process.stdout.write(`worker ${host.id} (${host.engine.backend}) takes ${host.queues.join(', ')}\n`);
  let closing: Promise<void> | null = null;
  const drain = () => {
    closing ??= host.close(queueConfig.drainDeadlineMs).then(
      () => process.exit(0),
      (error) => (printError({}, error), process.exit(1)),
    );
  };
  process.on('SIGTERM', drain);
  process.on('SIGINT', drain);
}
