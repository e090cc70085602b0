import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-config-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('defaults the input roots to the home inputs folder', () => {
    const cwd = tempDir();
    const config = loadConfig({ cwd, env: { ATELIER_HOME: 'home' } });
    expect(config.inputRoots).toEqual([path.join(cwd, 'home', 'inputs')]);
    expect(loadConfig({ cwd, env: {}, overrides: { home: '/srv/atelier' } }).inputRoots).toEqual(['/srv/atelier/inputs']);
    expect(config.limits).toMatchObject({ maxBatchRuns: 64, maxHomeBytes: 20 * 1024 ** 3, maxSpecBytes: 1024 * 1024 });
  });

  it('reads configured roots (relative to the working directory) and limits, and leaves the server its own keys', () => {
    const cwd = tempDir();
    const file = { inputRoots: ['pictures', '/data/shared'], port: 4100, allowedHosts: ['atelier.lan:4000'], limits: { maxBatchRuns: 2, maxRunsPerRequest: 2 } };
    fs.writeFileSync(path.join(cwd, 'atelier.config.json'), JSON.stringify(file));
    const config = loadConfig({ cwd, env: { ATELIER_PORT: '4200', ATELIER_TOKEN: 'secret' } });
    expect(config.inputRoots).toEqual([path.join(cwd, 'pictures'), '/data/shared']);
    expect(config.limits.maxBatchRuns).toBe(2);
    expect(config.limits.maxFolderFiles).toBe(100_000);
    // Core has no server settings: the server's keys and variables are read by the server's own config.
    expect(Object.keys(config).filter((key) => ['port', 'host', 'token', 'allowedHosts', 'allowedOrigins'].includes(key))).toEqual([]);
    expect(Object.keys(config.limits)).not.toContain('maxRunsPerRequest');
  });

  it('takes the worker count from ATELIER_WORKERS over the file, and refuses one out of 1…64 naming the variable', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'atelier.config.json'), JSON.stringify({ workers: 3 }));
    expect(loadConfig({ cwd, env: {} }).workers).toBe(3);
    expect(loadConfig({ cwd, env: { ATELIER_WORKERS: '2' } }).workers).toBe(2);
    expect(loadConfig({ cwd: tempDir(), env: {} }).workers).toBeNull();
    for (const value of ['0', '65', 'two', '1.5']) {
      expect(() => loadConfig({ cwd, env: { ATELIER_WORKERS: value } })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: { path: 'ATELIER_WORKERS', limit: 64 } }));
    }
  });

  it('installs defaults unless the file or ATELIER_DEFAULTS turns them off, and refuses an unclear switch naming the variable', () => {
    const cwd = tempDir();
    expect(loadConfig({ cwd, env: {} }).defaults).toBe(true);
    expect(loadConfig({ cwd, env: { ATELIER_DEFAULTS: '0' } }).defaults).toBe(false);
    fs.writeFileSync(path.join(cwd, 'atelier.config.json'), JSON.stringify({ defaults: false }));
    expect(loadConfig({ cwd, env: {} }).defaults).toBe(false);
    expect(loadConfig({ cwd, env: { ATELIER_DEFAULTS: 'true' } }).defaults).toBe(true);
    expect(() => loadConfig({ cwd, env: { ATELIER_DEFAULTS: 'no' } })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: { path: 'ATELIER_DEFAULTS' } }));
  });
});
