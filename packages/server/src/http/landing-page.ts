import express, { type Router } from 'express';
import { builtPage } from './built-page.js';
import { graphiqlDir } from './graphiql/build-dir.js';

const missingBuild = `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>Atelier GraphQL</title></head>
<body><main><h1>Atelier GraphQL</h1>
<p>GraphiQL is not built. Run <code>npx -y pnpm@10.34.9 --filter @atelier/server build</code>, then reload.</p></main></body></html>`;

/** Whether a GET to /graphql comes from a browser wanting the page rather than a GraphQL client. */
function wantsPage(req: express.Request): boolean {
  return req.method === 'GET' && req.query.query === undefined && (req.headers.accept ?? '').includes('text/html');
}

/**
 * GraphiQL at `GET /graphql` from a browser (where Apollo's own landing page, which loads from a
 * CDN, is disabled), built from installed packages by `pnpm install`; the web client has `/`.
 */
export function landingPage(dir = graphiqlDir): Router {
  const page = builtPage(dir, missingBuild);
  const router = express.Router();
  router.get('/graphql', (req, res, next) => (wantsPage(req) ? page.send(res) : next()));
  router.use('/graphiql/assets', page.assets);
  return router;
}
