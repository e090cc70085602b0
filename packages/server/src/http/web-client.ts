import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';

const require = createRequire(import.meta.url);

/** The web client's build (`packages/web/dist`, made by `pnpm install` or `pnpm --filter @atelier/web build`). */
export const webClientDir = path.join(path.dirname(require.resolve('@atelier/web/package.json')), 'dist');

const missingBuild = `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>Atelier</title></head>
<body><main><h1>Atelier</h1>
<p>The web client is not built. Run <code>npx -y pnpm@10.34.9 --filter @atelier/web build</code>, then reload.
GraphiQL is at <a href="/graphql">/graphql</a>.</p></main></body></html>`;

/**
 * The web client at `/`: hashed assets cached for good, `index.html` never cached so a new build
 * shows at the next load. The page holds no data, so it needs no token; its requests do.
 */
export function webClient(dir = webClientDir): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    const index = path.join(dir, 'index.html');
    if (!fs.existsSync(index)) {
      res.status(503).type('html').send(missingBuild);
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  router.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: false }));
  return router;
}
