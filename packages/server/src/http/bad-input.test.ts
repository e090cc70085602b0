import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngImage } from '../__fixtures__/png.js';
import { startTestServer, type TestServer } from '../__fixtures__/test-server.js';

const upload = `mutation($images: [ImageUpload!]!) { uploadImages(dataset: "uploads", images: $images) { count } }`;

describe('bad input', () => {
  let t: TestServer;
  const maxUploadBytes = 4096;

  beforeAll(async () => {
    t = await startTestServer({ limits: { maxUploadBytes, maxQueryDepth: 5 } });
    await t.uploadDataset('shapes', 2);
  });
  afterAll(() => t?.close());

  /** Sends a request that must be refused with `code`, and checks that no table changed. */
  async function refused(send: () => Promise<{ status: number; body: any }>, code: string): Promise<any> {
    const before = t.rowCounts();
    const { body } = await send();
    expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body)).toBe(code);
    expect(body.errors[0].extensions.stacktrace).toBeUndefined();
    expect(t.rowCounts()).toEqual(before);
    return body.errors[0];
  }
  const post = (text: string, headers: Record<string, string> = {}) => async () => {
    const response = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text });
    return { status: response.status, body: await response.json() };
  };
  const gql = (query: string, variables?: Record<string, unknown>) => post(JSON.stringify({ query, variables }));

  it('malformed JSON is a 400 BAD_USER_INPUT', async () => {
    await refused(post('{"query": "{ engine { backend } "'), 'BAD_USER_INPUT');
    const response = await post('{nope')();
    expect(response.status).toBe(400);
  });

  it('a query over the depth limit is LIMIT_EXCEEDED with the limit', async () => {
    const deep = `{ runs { edges { node { steps { error { code } } } } } }`;
    const error = await refused(gql(deep), 'LIMIT_EXCEEDED');
    expect(error.extensions.limit).toBe(5);
    const shallow = await gql(`{ runs { totalCount } }`)();
    expect(shallow.body.errors).toBeUndefined();
  });

  it('an unknown run id is NOT_FOUND, for queries and mutations alike', async () => {
    await refused(gql(`{ run(id: "nope") { id } }`), 'NOT_FOUND');
    await refused(gql(`mutation { cancelRun(id: "nope") { id } }`), 'NOT_FOUND');
    await refused(gql(`mutation { deleteRun(id: "nope") }`), 'NOT_FOUND');
    await refused(gql(`mutation { runPipeline(name: "no-such-pipeline") { id } }`), 'NOT_FOUND');
  });

  it('an oversized upload is LIMIT_EXCEEDED with the limit, a non-image one BAD_USER_INPUT', async () => {
    const big = Buffer.concat([pngImage(0), Buffer.alloc(maxUploadBytes)]).toString('base64');
    const tooBig = await refused(gql(upload, { images: [{ data: big }] }), 'LIMIT_EXCEEDED');
    expect(tooBig.extensions.limit).toBe(maxUploadBytes);
    const huge = 'A'.repeat(maxUploadBytes * 2 + 128 * 1024);
    const overBody = await refused(gql(upload, { images: [{ data: huge }] }), 'LIMIT_EXCEEDED');
    expect(overBody.extensions.limit).toBe(maxUploadBytes);

    const text = Buffer.from('this is not an image at all').toString('base64');
    const notImage = await refused(gql(upload, { images: [{ data: pngImage(1).toString('base64') }, { data: text }] }), 'BAD_USER_INPUT');
    expect(notImage.extensions).toMatchObject({ reason: 'IMAGE_INVALID', path: 'images.1.data' });
    await refused(gql(upload, { images: [{ data: '@@not base64@@' }] }), 'BAD_USER_INPUT');
  });

  it('wrong types, in GraphQL arguments or inside a pipeline spec, are typed errors', async () => {
    await refused(gql(`{ runs(first: "ten") { totalCount } }`), 'GRAPHQL_VALIDATION_FAILED');
    await refused(gql(`query($n: Int) { runs(first: $n) { totalCount } }`, { n: 'ten' }), 'BAD_USER_INPUT');
    const spec = { steps: [{ id: 'load', use: 'image.load', with: { dataset: 'shapes', count: 'two' } }] };
    const invalid = await refused(gql(`mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`, { spec }), 'PIPELINE_INVALID');
    expect(invalid.extensions.issues[0]).toMatchObject({ step: 'load', path: expect.stringContaining('count') });
    await refused(gql(`mutation($spec: JSON!) { savePipeline(name: "bad", spec: $spec) { name } }`, { spec: 'not a pipeline' }), 'PIPELINE_INVALID');
    await refused(gql(`mutation { trainModel(family: "no.family", dataset: "shapes") { id } }`), 'BAD_USER_INPUT');
    // More training workers than the server runs worker processes: the field and the limit.
    const tooMany = await refused(gql(`mutation { trainModel(family: "gan.dcgan", dataset: "shapes", workers: 64) { id } }`), 'LIMIT_EXCEEDED');
    expect(tooMany.extensions).toMatchObject({ path: 'workers', limit: expect.any(Number) });
    await refused(gql(`{ runs(filter: { createdAfter: "yesterday-ish" }) { totalCount } }`), 'BAD_USER_INPUT');
  });
});
