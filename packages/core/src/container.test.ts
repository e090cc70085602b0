import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DependencyContainer } from 'tsyringe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Atelier } from './atelier.js';
import { loadConfig } from './config/config.js';
import { composeAtelier } from './container.js';
import { asInjectionToken, Tokens } from './contracts/tokens.js';

let home: string;
let atelier: Atelier;
let container: DependencyContainer;
beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-container-'));
  ({ atelier, container } = await composeAtelier({ config: loadConfig({ cwd: home, env: {}, overrides: { home, plugins: [], backend: 'wasm', workers: 1 } }) }));
});
afterAll(async () => {
  await atelier.close({ cancelRunning: true });
  fs.rmSync(home, { recursive: true, force: true });
});

describe('createAtelier', () => {
  it('registers a resolvable service for every token', () => {
    for (const [name, token] of Object.entries(Tokens)) {
      expect(container.resolve(asInjectionToken(token as symbol)), name).toBeTruthy();
    }
    expect(container.resolve(asInjectionToken(Tokens.RunStore))).toBe(atelier.runs);
  });

  it('loads the built-in image plugin and reports the engine', () => {
    expect(atelier.registry.plugins.map((p) => p.name)).toEqual(['image']);
    expect(atelier.engine.report()).toMatchObject({ backend: 'wasm', tfjsVersion: '4.22.0', native: false });
  });
});
