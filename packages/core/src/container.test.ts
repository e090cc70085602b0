import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAtelier, type TestAtelier } from './testing/index.js';
import { asInjectionToken, Tokens } from './contracts/tokens.js';

let atelier: TestAtelier;
beforeAll(async () => {
  atelier = await createTestAtelier();
});
afterAll(() => atelier.cleanup());

describe('createAtelier', () => {
  it('registers a resolvable service for every token', () => {
    for (const [name, token] of Object.entries(Tokens)) {
      expect(atelier.container.resolve(asInjectionToken(token as symbol)), name).toBeTruthy();
    }
    expect(atelier.container.resolve(asInjectionToken(Tokens.RunStore))).toBe(atelier.runs);
  });

  it('loads the built-in image plugin and reports the engine', () => {
    expect(atelier.registry.plugins.map((p) => p.name)).toEqual(['image']);
    expect(atelier.engine.report()).toMatchObject({ backend: 'wasm', tfjsVersion: '4.22.0', native: false });
  });
});
