import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../__fixtures__/test-server.js';

describe('GraphQL over HTTP (graphql-http server audits)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t?.close());

  it('passes every MUST audit', async () => {
    const failures: string[] = [];
    let musts = 0;
    for (const audit of serverAudits({ url: () => `${t.url}/graphql` })) {
      if (!audit.name.startsWith('MUST')) continue;
      musts += 1;
      const result = await audit.fn();
      if (result.status !== 'ok') failures.push(`${audit.name}: ${result.reason}`);
    }
    expect(musts).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  });
});
