import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinCapabilities, defineCapability, definePlugin } from '@atelier/plugin-api';
import { shapeImage } from '../__fixtures__/images.js';
import { createTestAtelier, expectSucceeded, type TestAtelier } from '../testing/index.js';
import segmentPlugin from './__fixtures__/segment-plugin.js';
import { PluginRegistry } from './registry.js';

describe('the capability registry', () => {
  it('holds the five built-in capabilities, declared like any plugin’s', () => {
    const registry = new PluginRegistry();
    expect(builtinCapabilities.map((c) => c.id)).toEqual(['generate', 'encode', 'decode', 'classify', 'restore']);
    expect(registry.capability('classify')).toMatchObject({ method: 'classify', labelNames: true });
    expect(registry.capability('segment')).toBeUndefined();
    registry.register(segmentPlugin);
    expect(registry.capability('segment')).toMatchObject({ method: 'segment' });
    expect(registry.describeCapabilities().map((c) => [c.id, c.plugin])).toEqual([
      ...builtinCapabilities.map((c) => [c.id, '@atelier/plugin-api']),
      ['segment', 'segment'],
    ]);
  });

  it('refuses a capability id another plugin (or the plugin API) registered, and a malformed one', () => {
    const registry = new PluginRegistry();
    registry.register(segmentPlugin);
    const again = definePlugin({ name: 'other', version: '1', capabilities: [defineCapability({ id: 'segment', method: 'mask', description: 'd' })] });
    expect(() => registry.register(again)).toThrow(expect.objectContaining({ code: 'DUPLICATE_ID', details: expect.objectContaining({ registeredBy: 'segment' }) }));
    const builtin = definePlugin({ name: 'third', version: '1', capabilities: [defineCapability({ id: 'restore', method: 'fix', description: 'd' })] });
    expect(() => registry.register(builtin)).toThrow(expect.objectContaining({ code: 'DUPLICATE_ID', details: expect.objectContaining({ registeredBy: '@atelier/plugin-api' }) }));
    const malformed = definePlugin({ name: 'fourth', version: '1', capabilities: [{ id: 'Seg Ment', method: '', description: 'd' } as never] });
    expect(() => registry.register(malformed)).toThrow(expect.objectContaining({ code: 'PLUGIN_INVALID' }));
    expect(registry.plugins.map((p) => p.name)).toEqual(['segment']);
  });
});

describe('a capability a plugin adds, through a real pipeline', () => {
  let atelier: TestAtelier;
  const trained: Record<string, string> = {};
  const segment = (checkpoint: string) =>
    atelier
      .submitPipeline({
        seed: 1,
        steps: [
          { id: 'load', use: 'image.load', with: { dataset: 'blobs', count: 2 } },
          { id: 'mask', use: 'segment.mask', with: { checkpoint } },
        ],
      })
      .then((run) => atelier.queue.wait(run.id));

  beforeAll(async () => {
    atelier = await createTestAtelier({ plugins: [new URL('./__fixtures__/segment-plugin.ts', import.meta.url)] });
    const images = await Promise.all([0, 1].map(async (i) => ({ data: await shapeImage(i, { width: 8, height: 8, channels: 1 }) })));
    await atelier.datasets.importImages('blobs', images);
    for (const family of ['segment.threshold', 'segment.hollow']) {
      const run = await expectSucceeded(atelier, await atelier.submitTraining({ family, dataset: 'blobs', seed: 1, hyperparameters: {} }));
      trained[family] = run.result.checkpointId as string;
    }
  });

  afterAll(async () => {
    await atelier?.cleanup();
  });

  it('opens a checkpoint of a family offering it through ctx.open and runs the editor', async () => {
    const run = await segment(trained['segment.threshold']);
    expect(run.status).toBe('succeeded');
    const [first] = atelier.artifacts.list(run.id).filter((a) => a.stepId === 'mask');
    expect(first).toMatchObject({ width: 8, height: 8 });
  });

  it('refuses a handle that lacks the capability’s method with PLUGIN_INVALID naming the family', async () => {
    const run = await segment(trained['segment.hollow']);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'PLUGIN_INVALID', details: { step: 'mask', component: 'segment.hollow' } });
    expect(run.error!.message).toContain('segment() for "segment"');
  });
});
