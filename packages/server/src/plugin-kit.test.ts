import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngImage } from './__fixtures__/png.js';
import { repoRoot, startServerProcess, type Started } from './__fixtures__/server-process.js';
import type { Run } from './schema/types.js';

const run = promisify(execFile);
const pnpm = ['-y', 'pnpm@10.34.9'];
const cliPath = path.join(repoRoot, 'packages/server/src/cli/main.ts');

/**
 * A plugin author's path, outside the workspace: pack core, scaffold with `atelier plugin new`,
 * install against the tarball (third-party packages from the local store), run the plugin's own
 * test under plain node, then name the folder in atelier.config.json of a real server.
 */
describe('a plugin scaffolded by `atelier plugin new`, outside the workspace', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-plugin-kit-'));
  const pluginDir = path.join(folder, 'atelier-plugin-tone');
  let server: Started | undefined;

  beforeAll(async () => {
    const core = path.join(repoRoot, 'packages/core');
    await run('npx', [...pnpm, 'run', 'build'], { cwd: core });
    await run('npx', [...pnpm, 'pack', '--pack-destination', folder], { cwd: core });
    const tarball = path.join(folder, 'atelier-core-0.1.0.tgz');
    await run(process.execPath, ['--import', 'tsx', cliPath, 'plugin', 'new', 'atelier-plugin-tone', '--dir', pluginDir, '--core', `file:${tarball}`, '--json'], {
      cwd: repoRoot,
    });
    await run('npx', [...pnpm, 'install', '--prefer-offline', '--ignore-workspace'], { cwd: pluginDir });
  }, 300_000);

  afterAll(() => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('passes its own test unchanged, under plain node against the packed core', async () => {
    const { stdout } = await run('npx', [...pnpm, 'test'], { cwd: pluginDir });
    expect(stdout).toMatch(/# pass 3/);
    expect(stdout).toMatch(/# fail 0/);
    // Installed from the tarball: built JavaScript and declarations, no TypeScript sources.
    const installed = fs.realpathSync(path.join(pluginDir, 'node_modules/@atelier/core'));
    expect(fs.existsSync(path.join(installed, 'dist/sdk/index.d.ts'))).toBe(true);
    expect(fs.existsSync(path.join(installed, 'src'))).toBe(false);
  });

  it('appears in the server\'s plugins query when named in the config, and a pipeline using its editor runs', async () => {
    const home = path.join(folder, 'home');
    const configFile = path.join(folder, 'atelier.config.json');
    fs.writeFileSync(configFile, JSON.stringify({ plugins: ['./atelier-plugin-tone'], disabledPlugins: ['@atelier/plugin-cnn', '@atelier/plugin-gan', '@atelier/plugin-vae'] }));
    server = await startServerProcess({ ATELIER_HOME: home, ATELIER_PORT: '0', ATELIER_CONFIG: configFile, ATELIER_BACKEND: 'wasm', ATELIER_TOKEN: '', LOG_LEVEL: 'warn' });
    const { plugins, pluginFailures } = await server.gql<{ plugins: { name: string; components: { id: string; paramsSchema: any }[] }[]; pluginFailures: unknown[] }>(
      '{ plugins { name components { id paramsSchema } } pluginFailures { name code message } }',
    );
    expect(pluginFailures).toEqual([]);
    const tone = plugins.find((p) => p.name === 'tone');
    expect(tone?.components.map((c) => c.id)).toEqual(['tone.tone']);
    expect(tone?.components[0].paramsSchema.properties.invert).toMatchObject({ minimum: 0, maximum: 1, default: 0 });

    const images = [0, 1].map((i) => ({ data: pngImage(i).toString('base64') }));
    await server.gql(`mutation($images: [ImageUpload!]!) { uploadImages(dataset: "shapes", images: $images) { count } }`, { images });
    const spec = {
      steps: [
        { id: 'load', use: 'image.load', with: { dataset: 'shapes', count: 2 } },
        { id: 'tone', use: 'tone.tone', with: { invert: 1, gamma: 1 } },
        { id: 'grid', use: 'image.grid', with: {} },
      ],
    };
    const { runPipeline } = await server.gql<{ runPipeline: Run }>(`mutation($spec: JSON!) { runPipeline(spec: $spec, seed: 1) { id } }`, { spec });
    const query = `query($id: ID!) { run(id: $id) { status error { code message } steps { stepId status } artifacts { id } } }`;
    await expect.poll(async () => (await server!.gql<{ run: Run }>(query, { id: runPipeline.id })).run.status, { timeout: 60_000, interval: 200 }).toBe('succeeded');
    const done = (await server.gql<{ run: Run }>(query, { id: runPipeline.id })).run;
    expect(done.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(done.artifacts).toHaveLength(5);
  });
});
