import type { Command } from 'commander';
import { serve, type ServeOptions } from '../../serve.js';
import { parseInteger, withWorkersOption } from '../parse.js';
import { printError } from '../output.js';

export function registerServe(program: Command): void {
  withWorkersOption(program.command('serve'))
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
