import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { addPngText, pngTextLimits } from '@atelier/core';
import { withCompressedText } from '@atelier/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngImage } from '../__fixtures__/png.js';
import { startTestServer, type TestServer } from '../__fixtures__/test-server.js';

const spec = {
  steps: [
    { id: 'load', use: 'image.load', with: { dataset: 'shapes', count: 1 } },
    { id: 'noise', use: 'image.noise', with: { amount: 0.3 } },
  ],
};
const runBatch = `mutation($spec: JSON, $params: [SweepParamInput!]) { runBatch(spec: $spec, params: $params) { id } }`;
const imageProvenance = `query($image: String!) { imageProvenance(image: $image) { runId spec } }`;
const rerunFromImage = `mutation($image: String!) { rerunFromImage(image: $image) { id } }`;

/** A PNG with Atelier's provenance chunks, any of them replaced by `text`. */
function provenancePng(text: Record<string, string> = {}): Buffer {
  return addPngText(pngImage(0), {
    'atelier:run': 'r',
    'atelier:spec': JSON.stringify(spec),
    'atelier:seed': '1',
    'atelier:step': 'noise',
    'atelier:checkpoints': '{}',
    'atelier:engine': 'wasm',
    ...text,
  });
}

describe('hostile input', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer();
    await t.uploadDataset('shapes', 2);
  });
  afterAll(() => t?.close());

  /** Every file under the home, to show that a refused request wrote none. */
  const homeFiles = () => fs.readdirSync(t.atelier.config.home, { recursive: true, encoding: 'utf8' }).filter((file) => fs.statSync(path.join(t.atelier.config.home, file)).isFile()).sort();

  /** Runs `attack` while a second client polls `/healthz`; the slowest answer it got, in ms. */
  async function healthzDuring<T>(attack: () => Promise<T>): Promise<{ result: T; slowestHealthzMs: number }> {
    let done = false;
    let slowest = 0;
    const probe = (async () => {
      while (!done) {
        const started = performance.now();
        expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
        slowest = Math.max(slowest, performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const result = await attack().finally(() => (done = true));
    await probe;
    return { result, slowestHealthzMs: slowest };
  }

  it('refuses prototype keys in a sweep path before touching anything: the process stays clean', async () => {
    const rows = t.rowCounts();
    const files = homeFiles();
    for (const attack of ['__proto__.seed', 'constructor.prototype.seed', 'steps.0.__proto__.seed', 'steps.noise.with.prototype']) {
      const refused = await t.gql(runBatch, { spec, params: [{ path: 'steps.noise.with.amount', values: [0.1] }, { path: attack, values: [4242] }] });
      expect(refused.errors?.[0].extensions, attack).toMatchObject({ code: 'BAD_USER_INPUT', path: 'params[1].path', value: attack });
    }
    expect(({} as Record<string, unknown>).seed).toBeUndefined();
    expect(t.rowCounts()).toEqual(rows);
    expect(homeFiles()).toEqual(files);
    const ordinary = await t.gql(`mutation($spec: JSON!) { validatePipeline(spec: $spec) { valid issues { message } } }`, { spec: { ...spec, seed: 7 } });
    expect(ordinary.data?.validatePipeline).toEqual({ valid: true, issues: [] });
  });

  it('refuses a PNG text bomb quickly, within the text limits, answering /healthz meanwhile and without the memory', async () => {
    // 200 MB of zeros deflate to about 200 KB.
    const image = withCompressedText(provenancePng(), 'zTXt', 'atelier:spec', zlib.deflateSync(Buffer.alloc(200 * 1024 * 1024))).toString('base64');
    const rows = t.rowCounts();
    const files = homeFiles();
    const rss = process.memoryUsage().rss;
    for (const query of [imageProvenance, rerunFromImage]) {
      const { result, slowestHealthzMs } = await healthzDuring(() => t.gql(query, { image }));
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', keyword: 'atelier:spec', limit: pngTextLimits.chunkBytes });
      expect(slowestHealthzMs).toBeLessThan(250);
    }
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024);
    expect(t.rowCounts()).toEqual(rows);
    expect(homeFiles()).toEqual(files);
  });

  it('reads a provenance chunk that is no object (JSON null, a number, an array) as IMAGE_INVALID', async () => {
    const rows = t.rowCounts();
    for (const json of ['null', '4242', '[]']) {
      const image = provenancePng({ 'atelier:spec': json }).toString('base64');
      for (const query of [imageProvenance, rerunFromImage]) {
        const refused = await t.gql(query, { image });
        expect(refused.errors?.[0].extensions, `${json}: ${query}`).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'IMAGE_INVALID', keyword: 'atelier:spec' });
      }
    }
    expect(t.rowCounts()).toEqual(rows);
  });

  it('answers an automatic persisted query whose hash does not match its query with a 400 BAD_USER_INPUT', async () => {
    const query = '{ engine { backend } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const post = async (body: unknown) => {
      const response = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, body: await response.json() };
    };
    const mismatch = await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors[0]).toMatchObject({ message: expect.stringContaining('sha'), extensions: { code: 'BAD_USER_INPUT' } });
    const version = await post({ query, extensions: { persistedQuery: { version: 2, sha256Hash } } });
    expect(version.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    // The protocol itself still works: an unknown hash asks for the query, which then registers.
    expect((await post({ extensions: { persistedQuery: { version: 1, sha256Hash } } })).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } })).body.data.engine.backend).toBe('wasm');
    expect((await post({ extensions: { persistedQuery: { version: 1, sha256Hash } } })).body.data.engine.backend).toBe('wasm');
  });
});
