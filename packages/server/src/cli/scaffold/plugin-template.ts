import { pluginApiVersion } from '@atelier/core';

export interface PluginTemplateInput {
  /** Package name, e.g. `atelier-plugin-tone` or `@me/atelier-plugin-tone`. */
  packageName: string;
  /** Dependency spec of `@atelier/plugin-api` for development (a version range, or `file:` a packed tarball). */
  apiSpec: string;
  /** Range of `@atelier/plugin-api` the plugin works with, as a peer. */
  apiRange: string;
}

/** The id namespace of a package: `@me/atelier-plugin-tone` → `tone`. */
export function pluginNamespace(packageName: string): string {
  const bare = packageName.replace(/^@[^/]+\//, '').replace(/^atelier-plugin-/, '');
  const cleaned = bare.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+|-+$/g, '');
  return cleaned || 'plugin';
}

/** Every file of a new one-editor plugin package, by relative path. */
export function pluginTemplate({ packageName, apiSpec, apiRange }: PluginTemplateInput): Record<string, string> {
  const ns = pluginNamespace(packageName);
  const id = `${ns}.tone`;
  const packageJson = {
    name: packageName,
    version: '0.1.0',
    description: `An Atelier plugin: ${id}, an editor with parameters.`,
    type: 'module',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    files: ['dist'],
    scripts: { build: 'tsc', test: 'tsc && node --test dist/' },
    peerDependencies: { '@atelier/plugin-api': apiRange },
    devDependencies: { '@atelier/plugin-api': apiSpec, typescript: '~5.9.3', '@types/node': '^20.19.0' },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
      declaration: true,
      rootDir: 'src',
      outDir: 'dist',
      types: ['node'],
    },
    include: ['src'],
  };
  return {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    '.gitignore': 'node_modules/\ndist/\n',
    'src/index.ts': `import { definePlugin } from '@atelier/plugin-api';
import { tone } from './tone.js';

export default definePlugin({
  name: '${ns}',
  version: '0.1.0',
  // The plugin API this was written for; Atelier refuses to load it under another one.
  apiVersion: ${pluginApiVersion},
  editors: [tone],
});
`,
    'src/tone.ts': `import { defineEditor, z, type Tensor4D } from '@atelier/plugin-api';

const params = z.strictObject({
  invert: z.number().min(0).max(1).default(0).describe('0: as is, 1: negative; in between a blend'),
  gamma: z.number().positive().max(8).default(1).describe('Exponent applied to every pixel after inverting'),
});

export const tone = defineEditor<z.infer<typeof params>>({
  id: '${id}',
  title: 'Tone',
  description: 'Blends each image toward its negative, then applies a gamma curve.',
  params,
  inputs: 1,
  async apply(ctx, [batch], { invert, gamma }) {
    const { tf } = ctx;
    // A step returns a tensor it made (never its input); core frees it after its last reader.
    const images = tf.tidy(() => {
      const blended = tf.add(tf.mul(batch.images, 1 - 2 * invert), invert);
      return tf.pow(tf.clipByValue(blended, 0, 1), gamma) as Tensor4D;
    });
    return { images, meta: batch.meta.map((m) => ({ ...m })), range: 'unit' };
  },
});
`,
    'src/tone.test.ts': `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tf } from '@atelier/plugin-api';
import { applyEditor, createTestContext, rampBatch } from '@atelier/plugin-api/testing';
import plugin from './index.js';
import { tone } from './tone.js';

test('the manifest names the editor and the plugin API', () => {
  assert.deepEqual(plugin.editors?.map((e) => e.id), ['${id}']);
  assert.equal(plugin.apiVersion, ${pluginApiVersion});
});

test('${id} inverts and applies gamma, and frees what it made', async () => {
  const ctx = createTestContext();
  const input = rampBatch(2, 4, 4, 3);
  const before = tf.memory().numTensors;
  const output = await applyEditor(tone, ctx, [input], { invert: 1, gamma: 2 });
  assert.equal(tf.memory().numTensors, before + 1);
  assert.deepEqual(output.images.shape, [2, 4, 4, 3]);
  const [x] = input.images.dataSync();
  const [y] = output.images.dataSync();
  assert.ok(Math.abs(y - (1 - x) ** 2) < 1e-5);
  tf.dispose([input.images, output.images]);
});

test('bad parameters are refused with the field named', async () => {
  const ctx = createTestContext();
  const input = rampBatch(1, 2, 2, 1);
  await assert.rejects(applyEditor(tone, ctx, [input], { invert: 2 }), (error: { code?: string; details?: { path?: string } }) => {
    assert.equal(error.code, 'BAD_USER_INPUT');
    assert.equal(error.details?.path, 'with.invert');
    return true;
  });
  input.images.dispose();
});
`,
    'README.md': `# ${packageName}

An [Atelier](https://example.invalid/atelier) plugin with one editor, \`${id}\`: blends images
toward their negative (\`invert\`, 0…1) and applies a gamma curve (\`gamma\`).

\`\`\`sh
npm install
npm test            # builds with tsc, then runs node --test on dist/
\`\`\`

Use it: install the package beside your \`atelier.config.json\` (or name its folder by path) and add it:

\`\`\`json
{ "plugins": ["${packageName}"] }
\`\`\`

then a pipeline step \`{ "id": "tone", "use": "${id}", "with": { "invert": 1, "gamma": 1.5 } }\`.
The plugin imports only \`@atelier/plugin-api\` (contracts, \`tf\`, \`z\`, helpers, and a test kit in
\`@atelier/plugin-api/testing\`) and takes it as a peer dependency, so it runs on the host's one tfjs
and brings no database, queue or native module along. See Atelier's \`docs/plugins.md\`.
`,
  };
}
