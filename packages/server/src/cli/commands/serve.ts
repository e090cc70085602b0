import { createAtelier, loadConfig } from '@atelier/core';
import type { Command } from 'commander';
import { pino } from 'pino';
import { startServer } from '../../http/start-server.js';
import { parseInteger } from '../parse.js';
import { printError } from '../output.js';

interface ServeOptions {
  port?: number;
  host?: string;
  insecure?: boolean;
}

/** Starts the server on the config's defaults (the README's main command) until SIGINT/SIGTERM. */
export async function serve(options: ServeOptions): Promise<void> {
  const config = loadConfig();
  const logger = pino({ name: 'atelier' });
  const atelier = await createAtelier({ config, logger, importer: (name) => import(name) });
  const server = await startServer({
    atelier,
    port: options.port ?? config.port,
    host: options.host ?? config.host,
    token: config.token,
    insecure: options.insecure ?? process.env.ATELIER_INSECURE === '1',
    logger,
  }).catch(async (error: unknown) => {
    await atelier.close();
    throw error;
  });
  const report = atelier.engine.report();
  logger.info({ url: `${server.url}/graphql`, backend: report.backend, home: config.home }, 'Atelier is listening');
  process.stderr.write(`Atelier ${server.url}/graphql (engine ${report.backend}, home ${config.home})\n`);
  const shutdown = async () => {
    await server.close();
    await atelier.close({ cancelRunning: true });
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the GraphQL server (GraphiQL at /graphql, artifacts at /artifacts/:id)')
    .option('--port <n>', 'port (default 4000 or ATELIER_PORT)', parseInteger('--port'))
    .option('--host <host>', 'host (default 127.0.0.1)')
    .option('--insecure', 'allow a non-loopback host without ATELIER_TOKEN')
    .action(async (options: ServeOptions) => {
      try {
        await serve(options);
      } catch (error) {
        printError({}, error);
        process.exit(1);
      }
    });
}
