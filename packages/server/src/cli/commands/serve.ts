import type { Command } from 'commander';
import { parseInteger } from '../parse.js';
import { printError } from '../output.js';
import { serve } from '../../serve.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the GraphQL server (GraphiQL at /graphql, artifacts at /artifacts/:id)')
    .option('--port <n>', 'port (default 4000 or ATELIER_PORT)', parseInteger('--port'))
    .option('--host <host>', 'host (default 127.0.0.1)')
    .option('--insecure', 'allow a non-loopback host without ATELIER_TOKEN')
    .action(async (options: { port?: number; host?: string; insecure?: boolean }) => {
      try {
        await serve(options);
      } catch (error) {
        printError({}, error);
      }
    });
}
