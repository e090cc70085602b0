import gan from '@atelier/plugin-gan';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../__fixtures__/test-server.js';
import { MediaAccess, mediaCookieLifetimeMs, mediaCookieName } from './media-access.js';

/** The media cookie opens artifacts and checkpoint files for `<img>` and tfjs, and nothing without the token. */
const token = 'media-token';
const bearer = { authorization: `Bearer ${token}` };
let t: TestServer;
let artifactUrl: string;
let checkpoint: { id: string; models: string[] };

async function waitForRun(id: string): Promise<void> {
  for (;;) {
    const { data } = await t.gql(`query($id: ID!) { run(id: $id) { status } }`, { id }, bearer);
    if (data!.run.status === 'succeeded') return;
    if (data!.run.status !== 'queued' && data!.run.status !== 'running') throw new Error(`run ${id} ${data!.run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function sessionCookie(): Promise<string> {
  const response = await fetch(`${t.url}/session`, { method: 'POST', headers: bearer });
  expect(response.status).toBe(204);
  const setCookie = response.headers.get('set-cookie')!;
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Strict/i);
  return setCookie.split(';')[0];
}

beforeAll(async () => {
  t = await startTestServer({ token, plugins: [gan] });
  const imported = await t.gql(`mutation { importDataset(source: mnist, name: "digits", limit: 32) { count } }`, {}, bearer);
  expect(imported.errors).toBeUndefined();
  const run = await t.gql(
    `mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`,
    { spec: { steps: [{ id: 'load', use: 'image.load', with: { dataset: 'digits', count: 1 } }] } },
    bearer,
  );
  await waitForRun(run.data!.runPipeline.id);
  artifactUrl = (await t.gql(`query($id: ID!) { run(id: $id) { artifacts { url } } }`, { id: run.data!.runPipeline.id }, bearer)).data!.run.artifacts[0].url;
  const training = await t.gql(
    `mutation { trainModel(family: "gan.dcgan", dataset: "digits", maxSteps: 1, hyperparameters: { latentSize: 4, generatorWidth: 4, discriminatorWidth: 4, batchSize: 8, previewEvery: 0 }) { id } }`,
    {},
    bearer,
  );
  await waitForRun(training.data!.trainModel.id);
  checkpoint = (await t.gql(`{ checkpoints { id models } }`, {}, bearer)).data!.checkpoints[0];
});

afterAll(() => t.close());

describe('media access', () => {
  it('refuses artifacts, checkpoint files and a session without the token', async () => {
    expect((await fetch(`${t.url}${artifactUrl}`)).status).toBe(401);
    expect((await fetch(`${t.url}/checkpoints/${checkpoint.id}/generator/model.json`)).status).toBe(401);
    const refused = await fetch(`${t.url}/session`, { method: 'POST', headers: { authorization: 'Bearer wrong' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('set-cookie')).toBeNull();
  });

  it('opens artifacts and checkpoint files with the cookie the token bought, and never GraphQL', async () => {
    const cookie = await sessionCookie();
    const image = await fetch(`${t.url}${artifactUrl}`, { headers: { cookie } });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    const modelJson = await (await fetch(`${t.url}/checkpoints/${checkpoint.id}/generator/model.json`, { headers: { cookie } })).json();
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    const weights = await fetch(`${t.url}/checkpoints/${checkpoint.id}/generator/weights.bin`, { headers: { cookie } });
    expect(weights.status).toBe(200);
    expect((await weights.arrayBuffer()).byteLength).toBeGreaterThan(0);
    const graphql = await t.gql(`{ engine { backend } }`, {}, { cookie });
    expect(graphql.errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a forged, tampered or expired cookie', async () => {
    const cookie = await sessionCookie();
    const [, value] = cookie.split('=');
    const [expires, signature] = decodeURIComponent(value).split('.');
    const later = `${mediaCookieName}=${Number(expires) + 1000}.${signature}`;
    const flipped = `${mediaCookieName}=${expires}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    for (const bad of [later, flipped, `${mediaCookieName}=${Date.now() + 60_000}.${'x'.repeat(43)}`, `${mediaCookieName}=garbage`]) {
      expect((await fetch(`${t.url}${artifactUrl}`, { headers: { cookie: bad } })).status).toBe(401);
    }
    let now = Date.now();
    const access = new MediaAccess(token, () => now);
    const issued: string[] = [];
    access.issue({ cookie: (_name: string, v: string) => issued.push(v) } as never);
    const request = { headers: { cookie: `${mediaCookieName}=${issued[0]}` } } as never;
    expect(access.allows(request)).toBe(true);
    now += mediaCookieLifetimeMs + 1;
    expect(access.allows(request)).toBe(false);
  });

  it('serves only the files a checkpoint recorded', async () => {
    const cookie = await sessionCookie();
    for (const path of [`${checkpoint.id}/generator/other.json`, `${checkpoint.id}/nope/model.json`, `gan.dcgan-digits/generator/model.json`, `${checkpoint.id}/..%2F..%2Fatelier.db/model.json`]) {
      expect((await fetch(`${t.url}/checkpoints/${path}`, { headers: { cookie } })).status, path).toBe(404);
    }
  });
});
