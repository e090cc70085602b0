import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/** The files GraphiQL needs, from installed packages: the landing page works without internet. */
const assets: Record<string, string> = {
  'react.js': path.join(packageDir('react'), 'umd', 'react.production.min.js'),
  'react-dom.js': path.join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'),
  'graphiql.js': path.join(packageDir('graphiql'), 'graphiql.min.js'),
  'graphiql.css': path.join(packageDir('graphiql'), 'graphiql.min.css'),
};

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Atelier GraphQL</title>
  <link rel="stylesheet" href="/graphiql/graphiql.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/react.js"></script>
  <script src="/graphiql/react-dom.js"></script>
  <script src="/graphiql/graphiql.js"></script>
  <script>
    const subscriptionUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';
    const fetcher = GraphiQL.createFetcher({ url: '/graphql', subscriptionUrl });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }),
    );
  </script>
</body>
</html>`;

/** Whether a GET to /graphql comes from a browser wanting the page rather than a GraphQL client. */
function wantsPage(req: express.Request): boolean {
  return req.method === 'GET' && req.query.query === undefined && (req.headers.accept ?? '').includes('text/html');
}

/**
 * GraphiQL at `GET /graphql` from a browser (where Apollo's own landing page, which loads from a
 * CDN, is disabled); the web client has `/`. The page holds no data, so it needs no token; its queries do.
 */
export function landingPage(): Router {
  const router = express.Router();
  router.get('/graphql', (req, res, next) => {
    if (!wantsPage(req)) return next();
    res.type('html').send(page);
  });
  for (const [name, file] of Object.entries(assets)) {
    router.get(`/graphiql/${name}`, (_req, res) => {
      // pnpm keeps packages under `node_modules/.pnpm`; the paths are fixed above, never from the request.
      res.sendFile(file, { maxAge: '1d', dotfiles: 'allow' });
    });
  }
  return router;
}
