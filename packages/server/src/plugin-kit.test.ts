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

/** The packages of a pnpm install, `name@version` each, from its virtual store's folder names. */
function productionPackages(store: string): string[] {
  return fs
    .readdirSync(store)
    .filter((entry) => entry !== 'node_modules' && !entry.endsWith('.yaml') && !entry.endsWith('.json'))
    .map((entry) => entry.replace(/^((?:@[^+]+\+)?[^@]+@[^_]+)_.*$/, '$1').replace(/^@([^+]+)\+/, '@$1/').replace(/@file\+.*$/, '@file'))
    .sort();
}

/** Compiled addons (`.node`) and native build files anywhere under a folder. */
function nativeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && (entry.name.endsWith('.node') || entry.name === 'binding.gyp'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}
const pnpm = ['-y', 'pnpm@10.34.9'];
const cliPath = path.join(repoRoot, 'packages/server/src/cli/main.ts');

/**
 * A plugin author's path, outside the workspace: pack the plugin API, scaffold with `atelier plugin
 * new`, install against the tarball (third-party packages from the local store), run the plugin's own
 * test under plain node, count what a production install of the plugin brings along, then name the
 * folder in atelier.config.json of a real server.
 */
describe('a plugin scaffolded by `atelier plugin new`, outside the workspace', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-plugin-kit-'));
  const pluginDir = path.join(folder, 'atelier-plugin-tone');
  const apiTarball = path.join(folder, 'atelier-plugin-api-0.1.0.tgz');
  let server: Started | undefined;

  beforeAll(async () => {
    const api = path.join(repoRoot, 'packages/plugin-api');
    await run('npx', [...pnpm, 'run', 'build'], { cwd: api });
    await run('npx', [...pnpm, 'pack', '--pack-destination', folder], { cwd: api });
    await run(process.execPath, ['--import', 'tsx', cliPath, 'plugin', 'new', 'atelier-plugin-tone', '--dir', pluginDir, '--plugin-api', `file:${apiTarball}`, '--json'], {
      cwd: repoRoot,
    });
    await run('npx', [...pnpm, 'install', '--prefer-offline', '--ignore-workspace'], { cwd: pluginDir });
  }, 300_000);

  afterAll(() => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('passes its own test unchanged, under plain node against the packed plugin API', async () => {
    const { stdout } = await run('npx', [...pnpm, 'test'], { cwd: pluginDir });
    expect(stdout).toMatch(/# pass 3/);
    expect(stdout).toMatch(/# fail 0/);
    // Installed from the tarball: built JavaScript and declarations, no TypeScript sources.
    const installed = fs.realpathSync(path.join(pluginDir, 'node_modules/@atelier/plugin-api'));
    expect(fs.existsSync(path.join(installed, 'dist/index.d.ts'))).toBe(true);
    expect(fs.existsSync(path.join(installed, 'src'))).toBe(false);
    const manifest = JSON.parse(fs.readFileSync(path.join(pluginDir, 'package.json'), 'utf8'));
    expect(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.devDependencies }).filter((name) => name.startsWith('@atelier/'))).toEqual([
      '@atelier/plugin-api',
    ]);
  });

  it('installs for production with zod and tfjs only: no native module, database, queue or cloud client', async () => {
    await run('npx', ['tsc'], { cwd: pluginDir });
    await run('npx', [...pnpm, 'pack', '--pack-destination', folder], { cwd: pluginDir });
    const app = path.join(folder, 'app');
    fs.mkdirSync(app);
    const dependencies = { 'atelier-plugin-tone': `file:${path.join(folder, 'atelier-plugin-tone-0.1.0.tgz')}`, '@atelier/plugin-api': `file:${apiTarball}` };
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, dependencies }));
    await run('npx', [...pnpm, 'install', '--prod', '--prefer-offline', '--ignore-workspace'], { cwd: app });
    const packages = productionPackages(path.join(app, 'node_modules/.pnpm'));
    console.log(`a plugin's production tree: ${packages.length} packages\n${packages.join('\n')}`);
    expect(packages.length).toBeLessThanOrEqual(75);
    expect(packages.some((name) => name.startsWith('@tensorflow/tfjs@'))).toBe(true);
    expect(packages.filter((name) => /^(better-sqlite3|sqlite3|sharp|bullmq|ioredis|@aws-sdk\/|@smithy\/|@tensorflow\/tfjs-node|@atelier\/core)@/.test(name))).toEqual([]);
    expect(nativeFiles(path.join(app, 'node_modules/.pnpm'))).toEqual([]);
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
