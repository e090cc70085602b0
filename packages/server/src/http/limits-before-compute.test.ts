import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../__fixtures__/test-server.js';
import type { PipelineIssue, PipelineValidation, Run } from '../schema/types.js';

const resizeTo = (width: number, height: number) => ({
  steps: [
    { id: 'load', use: 'image.load', with: { dataset: 'digits', count: 1 }, save: false },
    { id: 'resize', use: 'image.resize', with: { width, height } },
  ],
});

describe('limits checked before compute, over HTTP', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ limits: { maxImageSide: 256 } });
    await t.uploadDataset('digits', 2);
  });
  afterAll(() => t?.close());

  const runPipeline = (spec: unknown) =>
    t.gql<{ runPipeline: Run }>(`mutation($spec: JSON!) { runPipeline(spec: $spec) { id status } }`, { spec });
  const issuesOf = (result: Awaited<ReturnType<typeof runPipeline>>) => {
    expect(result.errors?.[0].extensions.code).toBe('PIPELINE_INVALID');
    return (result.errors![0].extensions.issues as PipelineIssue[]).map(({ step, path, code }) => ({ step, path, code }));
  };

  it('validatePipeline returns every step’s output shape beside the issues', async () => {
    const { data } = await t.gql<{ validatePipeline: PipelineValidation }>(
      `mutation($spec: JSON!) { validatePipeline(spec: $spec) { valid issues { step path } steps { step use shape { count width height channels countIsMaximum } } } }`,
      { spec: { steps: [...resizeTo(40, 30).steps, { id: 'sheet', use: 'image.grid', with: { columns: 1, padding: 1 } }] } },
    );
    const { width, height, channels } = t.atelier.datasets.resolve('digits');
    expect(data!.validatePipeline).toEqual({
      valid: true,
      issues: [],
      steps: [
        { step: 'load', use: 'image.load', shape: { count: 1, width, height, channels, countIsMaximum: false } },
        { step: 'resize', use: 'image.resize', shape: { count: 1, width: 40, height: 30, channels, countIsMaximum: false } },
        { step: 'sheet', use: 'image.grid', shape: { count: 1, width: 42, height: 32, channels, countIsMaximum: false } },
      ],
    });
  });

  it('refuses a 65536×65536 resize and one past the configured side with PIPELINE_INVALID naming step and field; the next run and the engine work', async () => {
    const before = t.rowCounts();
    const huge = await runPipeline(resizeTo(65536, 65536));
    expect(issuesOf(huge)).toEqual([
      { step: 'resize', path: 'with.width', code: 'INVALID_PARAM' },
      { step: 'resize', path: 'with.height', code: 'INVALID_PARAM' },
    ]);
    expect(huge.errors![0].message).toContain('4096');
    const pastConfigured = await runPipeline(resizeTo(1000, 100));
    expect(issuesOf(pastConfigured)).toEqual([{ step: 'resize', path: 'with.width', code: 'LIMIT_EXCEEDED' }]);
    expect(pastConfigured.errors![0].message).toContain('maxImageSide is 256');
    expect(t.rowCounts()).toEqual(before);

    const ok = await runPipeline(resizeTo(200, 100));
    expect(ok.errors).toBeUndefined();
    const done = await t.atelier.queue.wait(ok.data!.runPipeline.id);
    expect(done.status).toBe('succeeded');
    const [artifact] = t.atelier.artifacts.list(done.id);
    const png = Buffer.from(await (await fetch(`${t.url}/artifacts/${artifact.id}`)).arrayBuffer());
    // The PNG header's IHDR chunk: width and height at bytes 16 and 20.
    expect([png.subarray(1, 4).toString(), png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual(['PNG', 200, 100]);
    expect(png.length).toBe(artifact.bytes);
  });
});
