import { afterEach, describe, expect, it } from 'vitest';
import { rawRequest } from '../__fixtures__/raw-http.js';
import { startTestServer, type TestServer } from '../__fixtures__/test-server.js';

const token = 'exposure-token';
const bearer = { authorization: `Bearer ${token}` };
const quick = { steps: [{ id: 'load', use: 'image.load', with: { dataset: 'shapes', count: 1 } }] };

async function finishedRun(t: TestServer, headers: Record<string, string> = {}): Promise<string> {
  const run = await t.gql<{ runPipeline: { id: string } }>(`mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`, { spec: quick }, headers);
  const done = await t.atelier.queue.wait(run.data!.runPipeline.id);
  expect(done.status).toBe('succeeded');
  return done.id;
}

/** Finding 6: stack traces and paths in responses, late token check, caching, ETags, names. */
describe('what responses reveal and accept', () => {
  let t: TestServer;
  afterEach(() => t?.close());

  it('sends no stack traces, and masks internal run errors (which may name files) unless debugging', async () => {
    t = await startTestServer({ token });
    const unauthorised = await t.gql(`{ engine { backend } }`);
    expect(unauthorised.status).toBe(401);
    expect(JSON.stringify(unauthorised)).not.toMatch(/stacktrace|\.ts:|node_modules/);
    const missing = await t.gql(`{ run(id: "nope") { id } }`, undefined, bearer);
    expect(missing.errors![0].extensions).toEqual({ code: 'NOT_FOUND', path: 'id', id: 'nope' });

    const upload = await t.gql(`mutation { importDataset(source: mnist, name: "shapes", limit: 10) { count } }`, undefined, bearer);
    expect(upload.errors).toBeUndefined();
    const runId = await finishedRun(t, bearer);
    // A storage failure as core records it: its message names a file on the server.
    const storageError = { code: 'STORAGE_ERROR', message: `Cannot read ${t.atelier.config.home}/datasets/x/pixels.bin`, details: { file: '/srv/x' } };
    t.atelier.runs.finish(runId, 'failed', { error: storageError });
    const masked = await t.gql(`query($id: ID!) { run(id: $id) { error { code message details } } }`, { id: runId }, bearer);
    expect(masked.data!.run.error).toEqual({ code: 'STORAGE_ERROR', message: 'Internal server error (details are in the server log)', details: {} });

    await t.close();
    t = await startTestServer({ debug: true });
    const debugging = await t.gql(`{ run(id: "nope") { id } }`);
    expect(debugging.errors![0].extensions.stacktrace).toBeDefined();
  });

  it('checks the token before parsing the body', async () => {
    t = await startTestServer({ token });
    // 40 MB of broken JSON: parsed first, it would be a 400 (or a 413); checked first, a 401.
    const body = `{"query": "${'x'.repeat(40 * 1024 * 1024)}`;
    const started = performance.now();
    const answer = await rawRequest(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer');
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(performance.now() - started).toBeLessThan(5000);
    expect((await t.gql(`{ engine { backend } }`, undefined, bearer)).data!.engine.backend).toBe('wasm');
  });

  it('caches artifacts privately behind a token and answers a weak If-None-Match with 304', async () => {
    for (const options of [{ token }, {}]) {
      t = await startTestServer(options);
      const headers = options.token ? bearer : {};
      await t.gql(`mutation { importDataset(source: mnist, name: "shapes", limit: 10) { count } }`, undefined, headers);
      const [artifact] = t.atelier.artifacts.list(await finishedRun(t, headers));
      const url = `${t.url}/artifacts/${artifact.id}`;
      const first = await fetch(url, { headers });
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toMatch(options.token ? /^private,/ : /^public,/);
      const etag = first.headers.get('etag')!;
      for (const validator of [etag, `W/${etag}`, `"other", W/${etag}`]) {
        const again = await fetch(url, { headers: { ...headers, 'if-none-match': validator } });
        expect(again.status, validator).toBe(304);
      }
      expect((await fetch(url, { headers: { ...headers, 'if-none-match': 'W/"other"' } })).status).toBe(200);
      await t.close();
    }
  });

  it('refuses pipeline and data set names outside [A-Za-z0-9._-]{1,64}, storing nothing', async () => {
    t = await startTestServer();
    await t.uploadDataset('shapes', 1);
    const before = t.rowCounts();
    for (const name of ['../../p', '.hidden', '..', 'a/b', 'x'.repeat(65), '']) {
      const saved = await t.gql(`mutation($name: String!, $spec: JSON!) { savePipeline(name: $name, spec: $spec) { name } }`, { name, spec: quick });
      expect(saved.errors![0].extensions, name).toMatchObject({ code: 'BAD_USER_INPUT', path: 'name' });
      const imported = await t.gql(`mutation($name: String!) { importDataset(source: mnist, name: $name, limit: 1) { name } }`, { name });
      expect(imported.errors![0].extensions, name).toMatchObject({ code: 'BAD_USER_INPUT', path: 'name' });
    }
    expect(t.rowCounts()).toEqual(before);
    const saved = await t.gql(`mutation($spec: JSON!) { savePipeline(name: "v1.2_sheet-A", spec: $spec) { name } }`, { spec: quick });
    expect(saved.data!.savePipeline.name).toBe('v1.2_sheet-A');
    const run = await t.gql<{ runPipeline: { id: string } }>(`mutation { runPipeline(name: "v1.2_sheet-A") { id } }`);
    expect((await t.atelier.queue.wait(run.data!.runPipeline.id)).status).toBe('succeeded');
  });
});
