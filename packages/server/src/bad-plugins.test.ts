import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngImage } from './__fixtures__/png.js';
import { startServerProcess, type Started } from './__fixtures__/server-process.js';
import type { Run } from './schema/types.js';

/** Plugin modules as a third party would ship them: plain ESM importing only `@atelier/core/plugin`. */
const sdk = `import { defineEditor, definePlugin, z } from '@atelier/core/plugin';`;
const pass = `async apply(ctx, [batch]) { return { images: batch.images.clone(), meta: batch.meta }; }`;
const pluginFiles: Record<string, string> = {
  'throws.mjs': `throw new Error('boom at import');`,
  'old-api.mjs': `export default { name: 'old-api', version: '1.0.0', apiVersion: 99, editors: [] };`,
  'duplicate.mjs': `${sdk}
const editor = (id) => defineEditor({ id, title: id, description: id, params: z.object({}), inputs: 1, ${pass} });
export default definePlugin({ name: 'duplicate', version: '1.0.0', apiVersion: 1, editors: [editor('duplicate.fine'), editor('image.blur')] });`,
  'dated.mjs': `${sdk}
export default definePlugin({ name: 'dated', version: '1.0.0', apiVersion: 1, editors: [
  defineEditor({ id: 'dated.stamp', title: 'Stamp', description: 'd', params: z.object({ when: z.date() }), inputs: 1, ${pass} }),
] });`,
  'flaky.mjs': `${sdk}
const editor = (id, apply) => defineEditor({ id, title: id, description: id, params: z.object({}), inputs: 1, apply });
export default definePlugin({ name: 'flaky', version: '1.0.0', apiVersion: 1, editors: [
  editor('flaky.throws', async () => { throw new Error('kaboom'); }),
  editor('flaky.misshapen', async (ctx) => ({ images: ctx.tf.zeros([2, 4, 4]), meta: [] })),
  editor('flaky.meta-mismatch', async (ctx, [batch]) => ({ images: batch.images.clone(), meta: [] })),
  editor('flaky.pass', async (ctx, [batch]) => ({ images: batch.images.clone(), meta: batch.meta })),
] });`,
};

describe('bad plugins, at start and at run time', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bad-plugins-'));
  let server: Started;

  beforeAll(async () => {
    for (const [file, text] of Object.entries(pluginFiles)) fs.writeFileSync(path.join(folder, file), text);
    const configFile = path.join(folder, 'atelier.config.json');
    const plugins = Object.keys(pluginFiles).map((file) => `./${file}`);
    fs.writeFileSync(configFile, JSON.stringify({ plugins, disabledPlugins: ['@atelier/plugin-cnn', '@atelier/plugin-gan', '@atelier/plugin-vae'] }));
    const env = { ATELIER_HOME: path.join(folder, 'home'), ATELIER_PORT: '0', ATELIER_CONFIG: configFile, ATELIER_BACKEND: 'wasm', ATELIER_TOKEN: '', LOG_LEVEL: 'warn' };
    server = await startServerProcess(env);
    const images = [0, 1].map((i) => ({ data: pngImage(i).toString('base64') }));
    await server.gql(`mutation($images: [ImageUpload!]!) { uploadImages(dataset: "shapes", images: $images) { count } }`, { images });
  });

  afterAll(() => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('reports each failed plugin in pluginFailures and the log, and loads the rest', async () => {
    const { plugins, pluginFailures } = await server.gql<{ plugins: { name: string; components: { id: string }[] }[]; pluginFailures: { name: string; code: string; message: string }[] }>(
      '{ plugins { name components { id } } pluginFailures { name code message } }',
    );
    expect(plugins.map((p) => p.name).sort()).toEqual(['flaky', 'image']);
    const failures = Object.fromEntries(pluginFailures.map((f) => [f.name, f]));
    expect(Object.keys(failures).sort()).toEqual(['./dated.mjs', './duplicate.mjs', './old-api.mjs', './throws.mjs']);
    expect(failures['./throws.mjs']).toMatchObject({ code: 'PLUGIN_INVALID', message: expect.stringContaining('boom at import') });
    expect(failures['./old-api.mjs'].message).toMatch(/plugin API 99; this Atelier speaks API 1/);
    expect(failures['./duplicate.mjs']).toMatchObject({ code: 'DUPLICATE_ID', message: expect.stringContaining('"image.blur"') });
    expect(failures['./dated.mjs'].message).toMatch(/parameters of "dated.stamp" cannot become JSON Schema/);
    // Nothing of a refused plugin is registered, not even its valid components.
    expect(plugins.flatMap((p) => p.components.map((c) => c.id))).not.toContain('duplicate.fine');
    for (const name of Object.keys(failures)) expect(server.output()).toContain(`"plugin":"${name}"`);
    expect(server.output()).toContain('plugin failed to load');
  });

  const runQuery = `query($id: ID!) { run(id: $id) { status error { code message details } steps { stepId status } artifacts { id } } }`;
  const runSteps = async (use: string) => {
    const spec = {
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'shapes', count: 2 }, save: false },
        { id: 'bad', use },
      ],
    };
    const { runPipeline } = await server.gql<{ runPipeline: Run }>(`mutation($spec: JSON!) { runPipeline(spec: $spec, seed: 1) { id } }`, { spec });
    await expect.poll(async () => (await server.gql<{ run: Run }>(runQuery, { id: runPipeline.id })).run.status, { timeout: 60_000, interval: 100 }).not.toMatch(/queued|running/);
    return (await server.gql<{ run: Run }>(runQuery, { id: runPipeline.id })).run;
  };

  it.each([
    ['flaky.throws', /kaboom/],
    ['flaky.misshapen', /flaky.misshapen returned no valid image batch/],
    ['flaky.meta-mismatch', /flaky.meta-mismatch returned no valid image batch/],
  ])('%s: the step fails with a typed error naming the component, and nothing is stored', async (use, message) => {
    const run = await runSteps(use);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'PLUGIN_FAILED', details: { step: 'bad', component: use } });
    // The plugin's own words stay in the server log; clients see where it failed (ATELIER_DEBUG shows all).
    expect(run.error!.message).toContain(`component ${use}`);
    expect(run.error!.message).not.toMatch(message);
    expect(server.output()).toMatch(message);
    // The load step is computed by the first case and taken from the step cache by the others.
    expect(run.steps.map((s) => s.status)).toEqual([expect.stringMatching(/^(succeeded|cached)$/), 'failed']);
    expect(run.artifacts).toEqual([]);
  });

  it('keeps working for the good components after the failures', async () => {
    const run = await runSteps('flaky.pass');
    expect(run.status).toBe('succeeded');
    expect(run.artifacts).toHaveLength(2);
  });
});
