import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEditor, definePlugin } from '@atelier/plugin-api';
import { loadPlugins } from './loader.js';
import { PluginRegistry } from './registry.js';

const editor = (id: string) =>
  defineEditor({ id, title: id, description: id, params: z.object({}), inputs: 1, apply: async (_ctx, [batch]) => batch });

describe('plugin loading', () => {
  it('loads plugins by package path, reports one that fails, and still loads the rest', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-plugins-'));
    fs.writeFileSync(path.join(dir, 'broken.mjs'), 'throw new Error("boom at import")');
    fs.writeFileSync(path.join(dir, 'empty.mjs'), 'export default 42');
    fs.writeFileSync(path.join(dir, 'good.mjs'), 'export default { name: "good", version: "1.0.0", editors: [] }');
    const registry = new PluginRegistry();
    const loaded = await loadPlugins(registry, ['./broken.mjs', 'good', './empty.mjs', 'not-installed-anywhere'], {
      root: dir,
      resolver: (name) => {
        if (name === 'good') return path.join(dir, 'good.mjs');
        throw Object.assign(new Error(`Cannot find package '${name}'`), { code: 'ERR_MODULE_NOT_FOUND' });
      },
    });
    expect(loaded).toEqual([path.join(dir, 'good.mjs')]);
    expect(registry.plugins.map((p) => p.name)).toEqual(['good']);
    expect(registry.failures.map((f) => [f.name, f.error.code])).toEqual([
      ['./broken.mjs', 'PLUGIN_INVALID'],
      ['./empty.mjs', 'PLUGIN_INVALID'],
      ['not-installed-anywhere', 'PLUGIN_INVALID'],
    ]);
    expect(registry.failures[0].error.message).toContain('boom at import');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses duplicate component ids and keeps the first plugin intact', () => {
    const registry = new PluginRegistry();
    registry.register(definePlugin({ name: 'a', version: '1', editors: [editor('x.same')] }));
    expect(() => registry.register(definePlugin({ name: 'b', version: '1', editors: [editor('b.other'), editor('x.same')] }))).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_ID' }),
    );
    expect(registry.get('b.other')).toBeUndefined();
    expect(registry.pluginOf('x.same')).toBe('a');
  });

  it('describes components with their parameter JSON Schema', () => {
    const registry = new PluginRegistry();
    const manifest = definePlugin({
      name: 'p',
      version: '1',
      editors: [defineEditor({ id: 'p.scale', title: 'Scale', description: 'd', params: z.object({ factor: z.number().min(1).max(4).default(2) }), inputs: 1, apply: async (_c, [b]) => b })],
    });
    registry.register(manifest);
    const [described] = registry.describePlugin(manifest);
    expect(described.paramsSchema).toMatchObject({ type: 'object', properties: { factor: { type: 'number', minimum: 1, maximum: 4, default: 2 } } });
  });
});
