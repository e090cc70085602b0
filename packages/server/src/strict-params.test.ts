import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { imagePlugin, PluginRegistry, z } from '@atelier/core';
import cnn from '@atelier/plugin-cnn';
import gan from '@atelier/plugin-gan';
import vae from '@atelier/plugin-vae';
import pixelate from '../../../examples/plugin-pixelate/src/index.js';
import { examplesFolder } from './defaults/install-defaults.js';

/** The built-in image plugin, the three first-party plugins and the example: every component a user can name. */
const registry = new PluginRegistry();
for (const manifest of [imagePlugin, cnn, gan, vae, pixelate]) registry.register(manifest);
const components = registry.plugins.flatMap((m) => [...(m.modelFamilies ?? []), ...(m.editors ?? []), ...(m.preprocessors ?? [])]);

/** A plausible slip on one of the schema's own names (`topK` → `topk`, `sigma` → `sigmaa`). */
function misspelling(schema: z.ZodType): string {
  const names = Object.keys((z.toJSONSchema(schema, { io: 'input' }) as { properties?: object }).properties ?? {});
  const name = names[0] ?? 'strength';
  return name.toLowerCase() !== name ? name.toLowerCase() : `${name}${name.at(-1)}`;
}

describe('every component refuses a parameter it does not know', () => {
  it('covers the components of all five plugins', () => {
    expect(components.map((c) => c.id)).toEqual(expect.arrayContaining(['image.blur', 'cnn.classify', 'gan.dcgan', 'vae.inpaint', 'pixelate.blocks']));
  });

  it.each(components.map((c) => [c.id, c] as const))('%s', (_id, component) => {
    const schema = component.kind === 'model' ? component.hyperparameters : component.params;
    const key = misspelling(schema);
    const result = schema.safeParse({ [key]: 1 });
    expect(result.success).toBe(false);
    expect(result.error!.issues).toContainEqual(expect.objectContaining({ code: 'unrecognized_keys', keys: [key] }));
  });
});

describe('the example pipelines', () => {
  const specs = fs.readdirSync(examplesFolder).filter((file) => file.endsWith('.json'));

  it.each(specs)('%s names only parameters its components know', (file) => {
    const spec = JSON.parse(fs.readFileSync(path.join(examplesFolder, file), 'utf8')) as { steps: { use: string; with?: unknown }[] };
    for (const step of spec.steps) {
      const component = registry.editor(step.use) ?? registry.preprocessor(step.use);
      expect(component?.params.safeParse(step.with ?? {}).error?.issues ?? [], step.use).toEqual([]);
    }
  });
});
