import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A real graphql-ws client against the test server (Node 20 has no global WebSocket). */
export function wsClient(httpUrl: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({ url: `${httpUrl.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
}

/** Collects every event of a subscription until the server completes it. */
export function collect<T>(client: Client, query: string, variables: Record<string, unknown>): { done: Promise<T[]>; events: T[] } {
  const events: T[] = [];
  const done = new Promise<T[]>((resolve, reject) => {
    client.subscribe<T>(
      { query, variables },
      {
        next: (result) => (result.errors ? reject(new Error(JSON.stringify(result.errors))) : events.push(result.data as T)),
        // A refused connection arrives as its CloseEvent, whose `code` tests check.
        error: (error) => reject(error),
        complete: () => resolve(events),
      },
    );
  });
  return { done, events };
}
