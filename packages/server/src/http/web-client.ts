import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import { builtPage } from './built-page.js';

const require = createRequire(import.meta.url);

/** The web client's build (`packages/web/dist`, made by `pnpm install` or `pnpm --filter @atelier/web build`). */
export const webClientDir = path.join(path.dirname(require.resolve('@atelier/web/package.json')), 'dist');

const missingBuild = `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>Atelier</title></head>
<body><main><h1>Atelier</h1>
<p>The web client is not built. Run <code>npx -y pnpm@10.34.9 --filter @atelier/web build</code>, then reload.
GraphiQL is at <a href="/graphql">/graphql</a>.</p></main></body></html>`;

/** The web client at `/`. */
export function webClient(dir = webClientDir): Router {
  const page = builtPage(dir, missingBuild);
  const router = express.Router();
  router.get('/', (_req, res) => page.send(res));
  router.use('/assets', page.assets);
  return router;
}
