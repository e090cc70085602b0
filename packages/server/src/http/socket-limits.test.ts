import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wsClient } from '../__fixtures__/ws-client.js';
import { startTestServer, type TestServer } from '../__fixtures__/test-server.js';

const query = `subscription($runId: ID!) { runEvents(runId: $runId) { __typename ... on RunStatusEvent { status } } }`;

interface Opened {
  /** Settles with the first event, or rejects with the refusal. */
  first: Promise<unknown>;
  close(): void;
}

function open(client: Client, runId: string): Opened {
  let close = () => {};
  const first = new Promise((resolve, reject) => {
    close = client.subscribe({ query, variables: { runId } }, { next: resolve, error: reject, complete: () => reject(new Error('completed')) });
  });
  return { first, close };
}

/** Issue 31: one websocket could open 20,000 subscriptions, each holding a listener and its buffers. */
describe('operations per websocket', () => {
  let t: TestServer;
  let runId: string;

  beforeAll(async () => {
    t = await startTestServer();
    // Recorded but never queued: its event stream stays open until the test closes it.
    runId = t.atelier.runs.create({ kind: 'pipeline', name: 'held', spec: {}, seed: 1 }).id;
  });

  afterAll(() => t?.close());

  it(`refuses the operation past limits.maxSubscriptionsPerSocket (default 100) with LIMIT_EXCEEDED, and frees a place when one completes`, async () => {
    const limit = t.config.limits.maxSubscriptionsPerSocket;
    expect(limit).toBe(100);
    const client = wsClient(t.url);
    const other = wsClient(t.url);
    try {
      const opened = Array.from({ length: limit }, () => open(client, runId));
      for (const sub of opened) expect(await sub.first).toEqual({ data: { runEvents: { __typename: 'RunStatusEvent', status: 'queued' } } });

      const refused = open(client, runId);
      const error = await refused.first.then(
        () => null,
        (errors: { message: string; extensions: Record<string, unknown> }[]) => errors,
      );
      expect(error).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'LIMIT_EXCEEDED', limit, setting: 'limits.maxSubscriptionsPerSocket' }) }),
      ]);
      expect(error![0].message).toContain(`at most ${limit}`);

      // The socket itself stays usable, and the budget is per socket.
      expect(await open(other, runId).first).toMatchObject({ data: { runEvents: { status: 'queued' } } });
      opened[0].close();
      await expect.poll(async () => open(client, runId).first.then(() => 'open', () => 'refused')).toBe('open');
    } finally {
      await client.dispose();
      await other.dispose();
    }
  });
});
