import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPageProblems } from '../__fixtures__/browser.js';
import { pngImage } from '../__fixtures__/png.js';
import { startTestServer, type TestServer } from '../__fixtures__/test-server.js';

/**
 * GraphiQL at `/graphql` in headless Chromium against the real server, as `pnpm install` built it
 * (after changing `src/http/graphiql/`, rebuild with `pnpm --filter @atelier/server build`).
 */
let server: TestServer;
let browser: Browser;
let page: Page;
/** Every URL the page asked for: all must be this server's (no CDN). */
const requested: string[] = [];
/** Uncaught errors, console errors and CSP violations. */
let problems: string[] = [];

/** GraphiQL's CodeMirror 5 query editor, with the document it last parsed. */
interface QueryEditor {
  setValue(value: string): void;
  documentAST?: { loc?: { source: { body: string } } } | null;
}

/** Puts `query` in GraphiQL's editor, runs it and returns the response pane's text once it shows `expected`. */
async function execute(query: string, expected: string): Promise<string> {
  const editor = page.locator('.graphiql-query-editor .CodeMirror');
  await editor.evaluate((element, text) => (element as unknown as { CodeMirror: QueryEditor }).CodeMirror.setValue(text), query);
  // GraphiQL parses the query a moment after an edit; a subscription goes over the websocket once it has.
  await expect
    .poll(() => editor.evaluate((element) => (element as unknown as { CodeMirror: QueryEditor }).CodeMirror.documentAST?.loc?.source.body))
    .toBe(query);
  await page.locator('.graphiql-execute-button').click();
  const response = page.locator('.graphiql-response .CodeMirror-code');
  await expect.poll(() => response.innerText()).toContain(expected);
  return response.innerText();
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(45_000);
  page.on('request', (request) => requested.push(request.url()));
  page.on('websocket', (socket) => requested.push(socket.url()));
  problems = await watchPageProblems(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('GraphiQL', () => {
  it('runs a query and a subscription from the page under its CSP, loading nothing from elsewhere', async () => {
    const response = await page.goto(`${server.url}/graphql`);
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.graphiql-container').waitFor();
    const engine = await server.gql<{ engine: { backend: string } }>(`{ engine { backend } }`);
    expect(await execute('{ engine { backend } }', `"backend": "${engine.data!.engine.backend}"`)).toContain('"engine"');

    const uploaded = await server.gql(`mutation($images: [ImageUpload!]!) { uploadImages(dataset: "one", images: $images) { count } }`, {
      images: [{ data: pngImage(0).toString('base64') }],
    });
    expect(uploaded.errors).toBeUndefined();
    const spec = { steps: [{ id: 'load', use: 'image.load', with: { dataset: 'one', count: 1 }, save: false }] };
    const run = await server.gql<{ runPipeline: { id: string } }>(`mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`, { spec });
    const runId = run.data!.runPipeline.id;
    await execute(`subscription { runEvents(runId: "${runId}") { __typename ... on RunStatusEvent { status } } }`, '"status": "succeeded"');

    expect(requested.length).toBeGreaterThan(0);
    const origin = new URL(server.url);
    for (const url of requested) expect(new URL(url).host, url).toBe(origin.host);
    expect(requested).toContainEqual(expect.stringMatching(/^ws:\/\/.*\/graphql$/));
    expect(problems).toEqual([]);
  });
});
