import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@atelier/core';
import { afterEach, describe, expect, it } from 'vitest';
import { loadServerConfig } from './server-config.js';

describe('loadServerConfig', () => {
  const dirs: string[] = [];
  const tempDir = (file?: unknown) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-server-config-'));
    dirs.push(dir);
    if (file !== undefined) fs.writeFileSync(path.join(dir, 'atelier.config.json'), JSON.stringify(file));
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('defaults to loopback port 4000, no token, empty host and origin lists and the documented limits', () => {
    expect(loadServerConfig({ cwd: tempDir(), env: {} })).toEqual({
      port: 4000,
      host: '127.0.0.1',
      token: null,
      allowedHosts: [],
      allowedOrigins: [],
      limits: { maxQueryDepth: 12, maxListSize: 200, maxQueryCost: 10_000, maxRunsPerRequest: 8, maxRunsPerClientPerMinute: 120, maxSubscriptionsPerSocket: 100 },
    });
  });

  it('reads the same file as core, each side its own keys, and the environment on top', () => {
    const cwd = tempDir({
      port: 4100,
      host: '0.0.0.0',
      allowedHosts: ['atelier.lan:4000'],
      allowedOrigins: ['https://studio.example'],
      stepCacheBytes: 0,
      limits: { maxRunsPerRequest: 2, maxHomeBytes: 1024 },
    });
    const config = loadServerConfig({ cwd, env: { ATELIER_PORT: '4200', ATELIER_TOKEN: 'secret' } });
    expect(config).toMatchObject({ port: 4200, host: '0.0.0.0', token: 'secret', allowedHosts: ['atelier.lan:4000'], allowedOrigins: ['https://studio.example'] });
    expect(config.limits).toMatchObject({ maxRunsPerRequest: 2, maxQueryDepth: 12 });
    expect(config.limits).not.toHaveProperty('maxHomeBytes');
    expect(loadConfig({ cwd, env: {} })).toMatchObject({ stepCacheBytes: 0, limits: { maxHomeBytes: 1024 } });
  });

  it('refuses a bad ATELIER_PORT or file value naming it, and a key neither core nor the server knows', () => {
    const cwd = tempDir();
    expect(() => loadServerConfig({ cwd, env: { ATELIER_PORT: '70000' } })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: { path: 'ATELIER_PORT', limit: 65535 } }));
    expect(() => loadServerConfig({ cwd: tempDir({ port: 'high' }), env: {} })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: { path: 'port' } }));
    const typo = tempDir({ stepCacheByte: 0 });
    expect(() => loadServerConfig({ cwd: typo, env: {} })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringContaining('stepCacheByte') }));
    expect(() => loadServerConfig({ cwd: tempDir({ limits: { maxQueryDepht: 3 } }), env: {} })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringContaining('maxQueryDepht') }),
    );
  });
});
