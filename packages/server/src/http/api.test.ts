import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../__fixtures__/test-server.js';
import { collect, wsClient } from '../__fixtures__/ws-client.js';
import type { Artifact, Plugin, PipelineValidation, Run, RunConnection, RunEvent } from '../schema/types.js';

const runFields = `id status name seed error { code message }`;
const eventsQuery = `subscription($runId: ID!) { runEvents(runId: $runId) {
  __typename
  ... on RunStatusEvent { runId status error { code message } }
  ... on RunStepEvent { stepId stepStatus: status progress }
  ... on RunArtifactEvent { artifact { id name mime url sha256 bytes stepId } }
} }`;

/** The statuses of a run's status events, in order. */
const statusesOf = (events: RunEvent[]) => events.flatMap((e) => (e.__typename === 'RunStatusEvent' ? [e.status] : []));
/** Its step events as `stepId:status` (the query names a step's status `stepStatus`). */
const stepsOf = (events: RunEvent[]) =>
  events.flatMap((e) => (e.__typename === 'RunStepEvent' ? [`${e.stepId}:${(e as unknown as { stepStatus: string }).stepStatus}`] : []));

const blurGrid = {
  name: 'blur-grid',
  steps: [
    { id: 'load', use: 'image.load', with: { dataset: 'shapes', count: 4 } },
    { id: 'blur', use: 'image.blur', with: { sigma: 1 } },
    { id: 'grid', use: 'image.grid', with: { columns: 2 } },
  ],
};
const blocker = {
  name: 'blocker',
  steps: [
    { id: 'load', use: 'image.load', with: { dataset: 'shapes', count: 1 }, save: false },
    { id: 'wait', use: 'test.wait', with: { ms: 60_000 } },
  ],
};

describe('GraphQL server', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer();
    await t.uploadDataset('shapes', 6);
  });
  afterAll(() => t?.close());

  const submit = async (spec: unknown, seed?: number): Promise<Run> => {
    const result = await t.gql<{ runPipeline: Run }>(`mutation($spec: JSON!, $seed: Float) { runPipeline(spec: $spec, seed: $seed) { ${runFields} } }`, { spec, seed });
    expect(result.errors).toBeUndefined();
    return result.data!.runPipeline;
  };

  it('lists plugins with every component and its parameter JSON Schema', async () => {
    const { data } = await t.gql<{ plugins: Plugin[] }>(
      `{ plugins { name version components { id kind title description paramsSchema capabilities requires } } }`,
    );
    const image = data!.plugins.find((plugin) => plugin.name === 'image')!;
    const blur = image.components.find((component) => component.id === 'image.blur')!;
    expect(blur).toMatchObject({ kind: 'editor', title: 'Blur', capabilities: [], requires: null });
    expect(blur.paramsSchema).toMatchObject({ type: 'object', properties: { sigma: { type: 'number', minimum: 0.3 } } });
    expect(data!.plugins.map((plugin) => plugin.name)).toContain('atelier-test-wait');
  });

  it('reports every problem of a bad pipeline at once, and refuses to run it', async () => {
    const spec = {
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'shapes', count: 'four' } },
        { id: 'blur', use: 'image.blur', with: { sigma: 'x' } },
        { id: 'magic', use: 'image.nope' },
        { id: 'grid', use: 'image.grid', from: ['later'] },
      ],
    };
    const { data } = await t.gql<{ validatePipeline: PipelineValidation }>(
      `mutation($spec: JSON!) { validatePipeline(spec: $spec) { valid issues { step path code message } } }`,
      { spec },
    );
    expect(data!.validatePipeline.valid).toBe(false);
    const steps = data!.validatePipeline.issues.map((issue) => issue.step);
    expect(steps).toEqual(expect.arrayContaining(['load', 'blur', 'magic', 'grid']));
    for (const issue of data!.validatePipeline.issues) expect(issue.code).toMatch(/^[A-Z_]+$/);
    expect(data!.validatePipeline.issues.find((issue) => issue.step === 'blur')!.path).toContain('sigma');

    const before = t.rowCounts();
    const run = await t.gql(`mutation($spec: JSON!) { runPipeline(spec: $spec) { id } }`, { spec });
    expect(run.errors![0].extensions.code).toBe('PIPELINE_INVALID');
    expect(run.errors![0].extensions.issues).toHaveLength(data!.validatePipeline.issues.length);
    expect(t.rowCounts()).toEqual(before);
  });

  it('tells a client that subscribes mid-run which steps have started, then goes on live', async () => {
    const client = wsClient(t.url);
    try {
      const run = await submit(blocker);
      await expect.poll(() => t.atelier.runs.steps(run.id).find((step) => step.stepId === 'wait')?.status, { timeout: 30_000 }).toBe('running');
      const late = collect<{ runEvents: RunEvent }>(client, eventsQuery, { runId: run.id });
      await expect.poll(() => late.events.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
      const [status, ...steps] = late.events.map((e) => e.runEvents);
      expect(status).toMatchObject({ __typename: 'RunStatusEvent', status: 'running' });
      expect(steps).toHaveLength(2);
      expect(stepsOf(steps)).toEqual(['load:succeeded', 'wait:running']);
      expect((await t.gql(`mutation($id: ID!) { cancelRun(id: $id) { id } }`, { id: run.id })).errors).toBeUndefined();
      expect(statusesOf((await late.done).map((e) => e.runEvents))).toEqual(['running', 'canceled']);
    } finally {
      await client.dispose();
    }
  });

  it('cancels a queued and a running run, then runs a pipeline with live progress and artifact URLs', async () => {
    const client = wsClient(t.url);
    try {
      const running = await submit(blocker);
      const target = await submit(blurGrid, 7);
      const doomed = await submit(blurGrid);
      expect([running.status, target.status, doomed.status]).toEqual(['queued', 'queued', 'queued']);

      const targetEvents = collect<{ runEvents: RunEvent }>(client, eventsQuery, { runId: target.id });
      const blockerEvents = collect<{ runEvents: RunEvent }>(client, eventsQuery, { runId: running.id });
      await expect.poll(() => t.atelier.runs.get(running.id)!.status, { timeout: 30_000 }).toBe('running');
      // Both subscriptions are live once each has delivered its first event (the current status).
      await expect.poll(() => targetEvents.events.length > 0 && blockerEvents.events.length > 0, { timeout: 10_000 }).toBe(true);

      const queuedCancel = await t.gql<{ cancelRun: Run }>(`mutation($id: ID!) { cancelRun(id: $id) { status } }`, { id: doomed.id });
      expect(queuedCancel.data!.cancelRun.status).toBe('canceled');
      const runningCancel = await t.gql(`mutation($id: ID!) { cancelRun(id: $id) { id } }`, { id: running.id });
      expect(runningCancel.errors).toBeUndefined();
      expect(statusesOf((await blockerEvents.done).map((e) => e.runEvents)).at(-1)).toBe('canceled');

      const events = (await targetEvents.done).map((e) => e.runEvents);
      expect(statusesOf(events)).toEqual(['queued', 'running', 'succeeded']);
      expect(stepsOf(events)).toEqual(expect.arrayContaining(['load:running', 'load:succeeded', 'blur:succeeded', 'grid:succeeded']));
      const artifacts = events.flatMap((e) => (e.__typename === 'RunArtifactEvent' ? [e.artifact] : []));
      const grid = artifacts.find((a) => a.stepId === 'grid')!;
      expect(grid.url).toBe(`/artifacts/${grid.id}`);

      const png = await fetch(`${t.url}${grid.url}`);
      const body = Buffer.from(await png.arrayBuffer());
      expect(png.status).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
      expect(Number(png.headers.get('content-length'))).toBe(body.length);
      expect(png.headers.get('etag')).toBe(`"${grid.sha256}"`);
      expect(png.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(body.subarray(1, 4).toString()).toBe('PNG');
      const cached = await fetch(`${t.url}${grid.url}`, { headers: { 'if-none-match': `"${grid.sha256}"` } });
      expect(cached.status).toBe(304);
      const missing = await fetch(`${t.url}/artifacts/nope`);
      expect(missing.status).toBe(404);
      expect((await missing.json()).errors[0].extensions.code).toBe('NOT_FOUND');

      const { data } = await t.gql<{ run: Run }>(
        `query($id: ID!) { run(id: $id) { status seed spec engine { backend } steps { stepId status durationMs startedAt imageMeta } artifacts { id url } } }`,
        { id: target.id },
      );
      expect(data!.run).toMatchObject({ status: 'succeeded', seed: 7, engine: { backend: 'wasm' }, spec: { steps: blurGrid.steps.map((s) => expect.objectContaining({ id: s.id, use: s.use })) } });
      expect(data!.run.steps.map((s) => [s.stepId, s.status])).toEqual([['load', 'succeeded'], ['blur', 'succeeded'], ['grid', 'succeeded']]);
      expect(data!.run.steps.every((s) => typeof s.durationMs === 'number' && s.startedAt)).toBe(true);
      expect(data!.run.artifacts.map((a: Pick<Artifact, 'id'>) => a.id).sort()).toEqual(artifacts.map((a) => a.id).sort());
    } finally {
      await client.dispose();
    }
  });

  it('saves a pipeline, runs it by name, and deletes the finished run with its files', async () => {
    const saved = await t.gql(`mutation($spec: JSON!) { savePipeline(name: "saved-blur", spec: $spec) { name spec } }`, { spec: blurGrid });
    expect(saved.data!.savePipeline).toMatchObject({ name: 'saved-blur', spec: { name: 'saved-blur' } });
    const queued = await t.gql<{ runPipeline: Run }>(`mutation { runPipeline(name: "saved-blur") { id name status } }`);
    expect(queued.data!.runPipeline).toMatchObject({ name: 'saved-blur', status: 'queued' });
    const id = queued.data!.runPipeline.id;
    const refused = await t.gql(`mutation($id: ID!) { deleteRun(id: $id) }`, { id });
    if (refused.errors) expect(refused.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CONFLICT' });
    const done = await t.atelier.queue.wait(id);
    expect(done.status).toBe('succeeded');
    const [artifact] = t.atelier.artifacts.list(id);
    expect((await fetch(`${t.url}/artifacts/${artifact.id}`)).status).toBe(200);
    const deleted = await t.gql(`mutation($id: ID!) { deleteRun(id: $id) }`, { id });
    expect(deleted.data!.deleteRun).toBe(true);
    expect((await fetch(`${t.url}/artifacts/${artifact.id}`)).status).toBe(404);
    expect((await t.gql(`query($id: ID!) { run(id: $id) { id } }`, { id })).errors![0].extensions.code).toBe('NOT_FOUND');
  });

  it('answers a subscription to an unknown run with NOT_FOUND', async () => {
    const client = wsClient(t.url);
    try {
      const events = collect(client, eventsQuery, { runId: 'nope' });
      await expect(events.done).rejects.toThrow(/NOT_FOUND/);
    } finally {
      await client.dispose();
    }
  });

  it('pages through 50 runs with cursors, edge cursors included', async () => {
    const created = Array.from({ length: 50 }, (_, i) => t.atelier.runs.create({ kind: 'pipeline', name: 'paged', spec: { i }, seed: i }).id);
    const query = `query($after: String) { runs(first: 7, after: $after, filter: { pipeline: "paged" }) {
      totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { data }: { data?: { runs: RunConnection } | null } = await t.gql<{ runs: RunConnection }>(query, { after });
      expect(data!.runs.totalCount).toBe(50);
      seen.push(...data!.runs.edges.map((edge) => edge.node.id));
      pages += 1;
      if (!data!.runs.pageInfo.hasNextPage) break;
      after = data!.runs.pageInfo.endCursor;
    }
    expect(pages).toBe(8);
    expect(seen).toEqual([...created].reverse());

    const first = await t.gql<{ runs: RunConnection }>(query, { after: null });
    const third = first.data!.runs.edges[2];
    const resumed = await t.gql<{ runs: RunConnection }>(query, { after: third.cursor });
    expect(resumed.data!.runs.edges[0].node.id).toBe(seen[3]);

    const tooMany = await t.gql(`{ runs(first: 100000) { totalCount } }`);
    expect(tooMany.errors![0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: t.config.limits.maxListSize });
    const queued = await t.gql<{ runs: RunConnection }>(`{ runs(first: 1, filter: { status: [queued], kind: pipeline }) { totalCount } }`);
    expect(queued.data!.runs.totalCount).toBe(50);
  });

  it('serves GraphiQL from installed packages, and a health check', async () => {
    const page = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3)/);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets).toEqual(expect.arrayContaining([expect.stringMatching(/\.js$/), expect.stringMatching(/\.css$/)]));
    for (const asset of assets) {
      expect(asset).toMatch(/^\/graphiql\/assets\//);
      expect((await fetch(`${t.url}${asset}`)).status).toBe(200);
    }
    expect(await (await fetch(`${t.url}/healthz`)).json()).toMatchObject({ ok: true });
  });
});
