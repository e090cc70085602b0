import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultPlugins, loadConfig } from './config.js';

describe('plugins in atelier.config.json', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-config-'));
  const withFile = (file: unknown) => {
    fs.writeFileSync(path.join(dir, 'atelier.config.json'), JSON.stringify(file));
    return loadConfig({ cwd: dir, env: {} }).plugins;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads the three defaults when none are named', () => {
    expect(withFile({})).toEqual(defaultPlugins);
  });

  it('adds named plugins to the defaults without restating them, each once', () => {
    expect(withFile({ plugins: ['atelier-plugin-pixelate', '@atelier/plugin-gan'] })).toEqual([...defaultPlugins, 'atelier-plugin-pixelate']);
  });

  it('turns a default off with disabledPlugins', () => {
    expect(withFile({ plugins: ['./my-plugin'], disabledPlugins: ['@atelier/plugin-vae'] })).toEqual(['@atelier/plugin-cnn', '@atelier/plugin-gan', './my-plugin']);
  });

  it('refuses a malformed list, naming the key', () => {
    expect(() => withFile({ disabledPlugins: 'vae' })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: { path: 'disabledPlugins' } }));
  });
});
