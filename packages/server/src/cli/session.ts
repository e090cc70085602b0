import path from 'node:path';
import { createAtelier, loadConfig, type Atelier, type Logger } from '@atelier/core';
import { installDefaults } from '../defaults/install-defaults.js';
import { resolvePlugin } from '../plugin-resolver.js';
import { checkConfigFile } from '../server-config.js';

/** Logs warnings and errors to stderr, so stdout stays clean for `--json`. */
export const stderrLogger: Logger = {
  debug() {},
  info() {},
  warn: (obj, msg) => process.stderr.write(`warn: ${msg ?? ''} ${typeof obj === 'string' ? obj : JSON.stringify(obj)}\n`),
  error: (obj, msg) => process.stderr.write(`error: ${msg ?? ''} ${typeof obj === 'string' ? obj : JSON.stringify(obj)}\n`),
};

/**
 * The CLI runs as a local user on their own files, so it may read whatever that user names: its one
 * input root is the file system's root. The server keeps the configured `inputRoots`.
 */
const cliInputRoots = ['/'];

/**
 * Opens Atelier for one CLI command. The CLI's queue works only on what this command submits, so
 * running a command beside a server never steals the server's queued runs.
 */
export async function withAtelier<T>(
  work: (atelier: Atelier) => Promise<T>,
  options: { workers?: number; home?: string; installDefaults?: boolean } = {},
): Promise<T> {
  // The CLI reads the file the server reads, and refuses it alike when a key is unknown.
  checkConfigFile();
  const configured = loadConfig({
    overrides: {
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.home === undefined ? {} : { home: path.resolve(options.home) }),
    },
  });
  const atelier = await createAtelier({
    config: { ...configured, inputRoots: cliInputRoots },
    logger: stderrLogger,
    resolver: resolvePlugin,
    queue: 'submitted',
  });
  const stop = () => void atelier.close({ cancelRunning: true }).finally(() => process.exit(130));
  process.once('SIGINT', stop);
  try {
    if (configured.defaults && options.installDefaults !== false) await installDefaults(atelier);
    return await work(atelier);
  } finally {
    process.off('SIGINT', stop);
    await atelier.close();
  }
}
