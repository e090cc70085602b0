import 'reflect-metadata';
import { serve } from './serve.js';

/** `pnpm start`: the server on its embedded defaults; `--insecure` as for `atelier serve`. */
serve({ insecure: process.argv.includes('--insecure') }).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`atelier: ${message}\n`);
  process.exit(1);
});
