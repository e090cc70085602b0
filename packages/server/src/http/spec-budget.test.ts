import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../__fixtures__/test-server.js';

/** Issue 31: 4 M `from` entries → 80 s and a 231 MB answer of 4 M issues; `runBatch` cloned a 20 MB spec 64 times. */
describe('the spec budget over GraphQL', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer();
  });

  afterAll(() => t?.close());

  const post = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const text = await response.text();
    return { bytes: text.length, body: JSON.parse(text) };
  };

  it('answers a spec with 4 million `from` entries with one small LIMIT_EXCEEDED error, storing nothing', async () => {
    const from = Array.from({ length: 4_000_000 }, () => 'x');
    const spec = { steps: [{ id: 'load', use: 'image.load', with: { dataset: 'none', count: 1 } }, { id: 'blur', use: 'image.blur', with: { sigma: 1 }, from }] };
    const before = t.rowCounts();
    for (const query of [
      `mutation($spec: JSON!) { validatePipeline(spec: $spec) { valid issues { step path code message } } }`,
      `mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`,
      `mutation($spec: JSON!) { runBatch(spec: $spec, seeds: [1, 2, 3, 4]) { id } }`,
    ]) {
      const { bytes, body } = await post(query, { spec });
      expect(body.errors, query).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'LIMIT_EXCEEDED', path: 'spec', limit: 1024 * 1024, setting: 'limits.maxSpecBytes' }) }),
      ]);
      expect(bytes, query).toBeLessThan(2048);
    }
    expect(t.rowCounts()).toEqual(before);
  });
});
