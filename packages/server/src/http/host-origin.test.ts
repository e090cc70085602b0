import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { rawRequest } from '../__fixtures__/raw-http.js';
import { startTestServer, type TestServer } from '../__fixtures__/test-server.js';

const engineQuery = JSON.stringify({ query: '{ engine { backend } }' });

/** Posts a query with the given headers (`Host` included, which fetch will not send as given). */
function post(t: TestServer, headers: Record<string, string>) {
  return rawRequest(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: engineQuery });
}

/** Whether a websocket upgrade with these headers is accepted (true) or answered with a status. */
function upgrade(t: TestServer, headers: Record<string, string>): Promise<true | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${t.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { headers });
    socket.once('open', () => {
      socket.close();
      resolve(true);
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

/** Finding 4: without a token, any web page could reach the server through DNS rebinding. */
describe('Host and Origin', () => {
  let t: TestServer;
  afterEach(() => t?.close());

  it('answers only loopback hosts without a token, and refuses cross-origin requests and websockets', async () => {
    t = await startTestServer({ config: { allowedHosts: ['atelier.lan:4000'], allowedOrigins: ['http://studio.example'] } });
    const own = new URL(t.url).host;
    const rebinding = await post(t, { host: 'attacker.example' });
    expect(rebinding.status).toBe(403);
    expect(JSON.parse(rebinding.body).errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'HOST_NOT_ALLOWED' });
    expect((await rawRequest(`${t.url}/healthz`, { headers: { host: 'attacker.example' } })).status).toBe(403);
    const crossOrigin = await post(t, { origin: 'http://evil.example' });
    expect(crossOrigin.status).toBe(403);
    expect(JSON.parse(crossOrigin.body).errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ORIGIN_NOT_ALLOWED' });
    expect(await upgrade(t, { origin: 'http://evil.example', host: 'attacker.example' })).toBe(403);
    expect(await upgrade(t, { origin: 'http://evil.example' })).toBe(403);
    expect(t.rowCounts().runs).toBe(0);

    // Loopback names, the configured host, a page served by this server and a configured origin.
    const accepted: Record<string, string>[] = [{ host: own }, { host: `localhost:${t.server.port}` }, { host: 'atelier.lan:4000' }, { origin: `http://${own}` }, { origin: 'http://studio.example' }];
    for (const headers of accepted) {
      const answer = await post(t, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(200);
      expect(JSON.parse(answer.body).data.engine.backend).toBe('wasm');
    }
    expect(await upgrade(t, { origin: `http://${own}` })).toBe(true);
    expect(await upgrade(t, {})).toBe(true);
  });

  it('with a token, accepts any Host but still refuses cross-origin websockets', async () => {
    const token = 'hardening-token';
    t = await startTestServer({ token });
    const answer = await post(t, { host: 'atelier.example.com', authorization: `Bearer ${token}` });
    expect(answer.status).toBe(200);
    expect(await upgrade(t, { origin: 'http://evil.example', authorization: `Bearer ${token}` })).toBe(403);
    expect(await upgrade(t, { authorization: `Bearer ${token}` })).toBe(true);
  });
});
