import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landingPage } from './landing-page.js';

describe('the GraphiQL landing page', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-graphiql-'));
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const app = express();
    app.use(landingPage(dir));
    app.use((_req, res) => res.status(418).send('GraphQL'));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says how to build GraphiQL before it is built, and leaves GraphQL requests to the server', async () => {
    const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('--filter @atelier/server build');
    expect((await fetch(`${url}/graphql?query=%7B__typename%7D`, { headers: { accept: 'text/html' } })).status).toBe(418);
    expect((await fetch(`${url}/graphql`, { headers: { accept: 'application/json' } })).status).toBe(418);
  });

  it('serves the build once there is one', async () => {
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>GraphiQL</title>');
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'export {};');
    const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect([page.status, page.headers.get('cache-control'), await page.text()]).toEqual([200, 'no-cache', '<!doctype html><title>GraphiQL</title>']);
    const asset = await fetch(`${url}/graphiql/assets/index-abc.js`);
    expect([asset.status, asset.headers.get('cache-control')]).toEqual([200, 'public, max-age=31536000, immutable']);
    expect((await fetch(`${url}/graphiql/assets/missing.js`)).status).toBe(404);
  });
});
