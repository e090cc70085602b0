import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngImage } from '../__fixtures__/png.js';
import { startTestServer, type TestServer } from '../__fixtures__/test-server.js';
import { collect, wsClient } from '../__fixtures__/ws-client.js';
import { startServer } from './start-server.js';

const token = 's3cret-token';
const bearer = { authorization: `Bearer ${token}` };

describe('bearer token', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ token });
  });
  afterAll(() => t?.close());

  it('guards every GraphQL request over HTTP', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: token }] as Record<string, string>[]) {
      const result = await t.gql(`{ engine { backend } }`, undefined, headers);
      expect(result.status).toBe(401);
      expect(result.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const ok = await t.gql<{ engine: { backend: string } }>(`{ engine { backend } }`, undefined, bearer);
    expect(ok.data!.engine.backend).toBe('wasm');
  });

  it('guards artifacts', async () => {
    const spec = { steps: [{ id: 'load', use: 'image.load', with: { dataset: 'auth', count: 1 } }] };
    const upload = await t.gql(
      `mutation($images: [ImageUpload!]!) { uploadImages(dataset: "auth", images: $images) { count } }`,
      { images: [{ data: pngImage(0).toString('base64') }] },
      bearer,
    );
    expect(upload.errors).toBeUndefined();
    const run = await t.gql<{ runPipeline: { id: string } }>(`mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`, { spec }, bearer);
    const done = await t.atelier.queue.wait(run.data!.runPipeline.id);
    expect(done.status).toBe('succeeded');
    const [artifact] = t.atelier.artifacts.list(done.id);
    const denied = await fetch(`${t.url}/artifacts/${artifact.id}`);
    expect(denied.status).toBe(401);
    expect((await denied.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await fetch(`${t.url}/artifacts/${artifact.id}`, { headers: bearer })).status).toBe(200);

    const anonymous = wsClient(t.url);
    const refused = collect(anonymous, `subscription($id: ID!) { runEvents(runId: $id) { __typename } }`, { id: done.id });
    await expect(refused.done).rejects.toMatchObject({ code: 4401 });
    await anonymous.dispose();

    const client = wsClient(t.url, bearer);
    const events = collect<{ runEvents: { status: string } }>(client, `subscription($id: ID!) { runEvents(runId: $id) { ... on RunStatusEvent { status } } }`, {
      id: done.id,
    });
    expect((await events.done).map((e) => e.runEvents.status)).toEqual(['succeeded']);
    await client.dispose();
  });

  it('refuses a non-loopback host without a token unless insecure', async () => {
    await expect(startServer({ atelier: t.atelier, config: { ...t.config, host: '0.0.0.0', token: null } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
