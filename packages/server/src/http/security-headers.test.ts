import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../__fixtures__/test-server.js';
import { graphiqlDir } from './graphiql/build-dir.js';
import { webClientDir } from './web-client.js';

const token = 'headers-token';
const bearer = { authorization: `Bearer ${token}` };

/** The first hashed asset a built page's `index.html` names, as a path on the server. */
function firstAsset(dir: string): string {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  return /(?:src|href)="(\/[^"]+\.js)"/.exec(html)![1];
}

/** Issue 31: no Content-Security-Policy, framing defences, nosniff or Referrer-Policy on any route. */
describe('browser defences on every response', () => {
  let t: TestServer;
  let artifactId: string;

  beforeAll(async () => {
    t = await startTestServer({ token });
    await t.gql(`mutation { importDataset(source: mnist, name: "shapes", limit: 1) { count } }`, undefined, bearer);
    const spec = { steps: [{ id: 'load', use: 'image.load', with: { dataset: 'shapes', count: 1 } }] };
    const run = await t.gql<{ runPipeline: { id: string } }>(`mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`, { spec }, bearer);
    expect((await t.atelier.queue.wait(run.data!.runPipeline.id)).status).toBe('succeeded');
    artifactId = t.atelier.artifacts.list(run.data!.runPipeline.id)[0].id;
  });

  afterAll(() => t?.close());

  it('sets CSP, X-Frame-Options, nosniff and Referrer-Policy on pages, assets, GraphQL, errors, /healthz and artifacts', async () => {
    const html = { accept: 'text/html' };
    const requests: [string, RequestInit, number][] = [
      ['/', { headers: html }, 200],
      [firstAsset(webClientDir), {}, 200],
      ['/graphql', { headers: html }, 200],
      [firstAsset(graphiqlDir), {}, 200],
      ['/graphql', { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ engine { backend } }' }) }, 200],
      ['/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, 401],
      ['/graphql', { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: '{"query": ' }, 400],
      ['/healthz', {}, 200],
      [`/artifacts/${artifactId}`, { headers: bearer }, 200],
      ['/artifacts/nope', { headers: bearer }, 404],
      ['/assets/missing.js', {}, 404],
      ['/', { headers: { ...html, origin: 'https://evil.example' } }, 403],
    ];
    for (const [route, init, status] of requests) {
      const response = await fetch(`${t.url}${route}`, init);
      const name = `${init.method ?? 'GET'} ${route}`;
      expect(response.status, name).toBe(status);
      const csp = response.headers.get('content-security-policy') ?? '';
      // Express's own error page (a missing asset) replaces it with a stricter policy that allows nothing.
      if (route === '/assets/missing.js') expect(csp, name).toBe("default-src 'none'");
      else {
        for (const directive of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]) {
          expect(csp.split(/;\s*/), name).toContain(directive);
        }
        // No inline code and no JS eval anywhere.
        expect(csp, name).not.toMatch(/'unsafe-(inline|eval|hashes)'/);
      }
      expect(response.headers.get('x-frame-options'), name).toBe('DENY');
      expect(response.headers.get('x-content-type-options'), name).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), name).toBe('no-referrer');
    }
  });
});
