import { describe, expect, it } from 'vitest';
import { PluginRegistry } from '../plugins/registry.js';
import { imagePlugin } from './index.js';

describe('imagePlugin', () => {
  it('registers every built-in under its public id, each with a JSON Schema', () => {
    const registry = new PluginRegistry();
    registry.register(imagePlugin);
    expect(registry.stepComponentIds().sort()).toEqual(
      [
        'augment.crop', 'augment.flip', 'image.adjust', 'image.artifacts', 'image.blend', 'image.blur', 'image.compare', 'image.composite', 'image.concat', 'image.crop', 'image.flip', 'image.grayscale', 'image.grid',
        'image.load', 'image.mask', 'image.noise', 'image.normalize', 'image.resize', 'image.rgb', 'image.rotate', 'image.sharpen',
      ].sort(),
    );
    expect(registry.describe('image.load').inputs).toBe(0);
    expect(registry.describe('image.blur').paramsSchema).toMatchObject({ properties: { sigma: { minimum: 0.3, maximum: 100 } } });
    for (const id of registry.stepComponentIds()) expect(registry.describe(id).paramsSchema).toHaveProperty('type', 'object');
  });
});
