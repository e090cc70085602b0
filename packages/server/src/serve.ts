import { createAtelier, loadConfig } from '@atelier/core';
import { withoutNulls } from './resolvers/lookups.js';
import { loadServerConfig } from './server-config.js';
import { pino } from 'pino';
import { installDefaults } from './defaults/install-defaults.js';
import { startServer } from './http/start-server.js';
import { resolvePlugin } from './plugin-resolver.js';

/** How long SIGTERM/SIGINT waits for open connections to drain before the process leaves. */
const shutdownDeadlineMs = 3_000;

export interface ServeOptions {
  port?: number;
  host?: string;
  /** Allows a non-loopback host without a token (also ATELIER_INSECURE=1). */
  insecure?: boolean;
  /** Worker processes (else config / ATELIER_WORKERS / one per core). */
  workers?: number;
}

/**
 * The server on the configured host and port (`atelier.config.json` + ATELIER_*), until
 * SIGINT/SIGTERM: what `pnpm start` and `atelier serve` run.
 */
export async function serve(options: ServeOptions = {}): Promise<void> {
  const logger = pino({ name: 'atelier', level: process.env.LOG_LEVEL ?? 'info' });
  const serverConfig = loadServerConfig({ overrides: withoutNulls({ port: options.port, host: options.host }) });
  const config = loadConfig({ overrides: withoutNulls({ workers: options.workers }) });
  const atelier = await createAtelier({ config, logger, resolver: resolvePlugin });
  const defaultsInstalled = config.defaults ? installDefaults(atelier, { logger }) : Promise.resolve();
  const server = await defaultsInstalled
    .then(() =>
      startServer({
        atelier,
        config: serverConfig,
        insecure: options.insecure || process.env.ATELIER_INSECURE === '1',
        logger,
      }),
    )
    .catch(async (error: unknown) => {
      await atelier.close();
      throw error;
    });
  process.stdout.write(`Atelier web client at ${server.url}/\n`);
  process.stdout.write(`Atelier GraphQL at ${server.url}/graphql (engine ${atelier.engine.report().backend}, home ${config.home})\n`);

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    // A second signal leaves at once; the runs still running become `interrupted` at the next start.
    if (stopping) process.exit(130);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Draining waits for open connections; past the deadline the process goes regardless.
    await Promise.race([server.close(), new Promise((resolve) => setTimeout(resolve, shutdownDeadlineMs).unref())]);
    // The process leaves before the runs it interrupts write anything more.
    atelier.interruptRunning();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
