import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from './generated.js';

export interface ApiIssue {
  step: string | null;
  path: string;
  code: string;
  message: string;
}

/** A GraphQL error as the server sent it: message, `extensions.code` and, for PIPELINE_INVALID, its issues. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
  }
}

const tokenKey = 'atelier.token';
let token: string | null = sessionStorage.getItem(tokenKey);
let socket: Client | null = null;
const authListeners = new Set<() => void>();

export const getToken = (): string | null => token;

/** Listens for the server refusing the token (or asking for one). */
export function onAuthRequired(listener: () => void): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

function authRequired(): void {
  authListeners.forEach((listener) => listener());
}

const authHeaders = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

/**
 * Keeps the token for this tab and asks for the media cookie that lets `<img>` tags and tfjs load
 * artifacts and checkpoints. Rejects with UNAUTHENTICATED when the server refuses it.
 */
export async function signIn(newToken: string | null): Promise<void> {
  const response = await fetch('/session', { method: 'POST', headers: newToken ? { authorization: `Bearer ${newToken}` } : {} });
  if (response.status === 401) throw new ApiError('The server refused this token', 'UNAUTHENTICATED');
  if (!response.ok) throw new ApiError(`Sign-in failed (HTTP ${response.status})`, 'INTERNAL_SERVER_ERROR');
  token = newToken;
  if (newToken) sessionStorage.setItem(tokenKey, newToken);
  else sessionStorage.removeItem(tokenKey);
  socket?.dispose();
  socket = null;
}

function toApiError(errors: { message: string; extensions?: Record<string, unknown> }[]): ApiError {
  const [first] = errors;
  const code = String(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  if (code === 'UNAUTHENTICATED') authRequired();
  const message = errors.map((e) => e.message).join('; ');
  return new ApiError(message, code, (first.extensions?.issues as ApiIssue[] | undefined) ?? []);
}

/** A query or mutation over HTTP. */
export async function request<Result, Variables>(document: TypedDocumentString<Result, Variables>, variables?: Variables): Promise<Result> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders() },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
  } catch {
    throw new ApiError('The server cannot be reached', 'NETWORK_ERROR');
  }
  const body = (await response.json().catch(() => null)) as { data?: Result; errors?: { message: string; extensions?: Record<string, unknown> }[] } | null;
  if (!body) throw new ApiError(`The server answered HTTP ${response.status} without a GraphQL body`, 'INTERNAL_SERVER_ERROR');
  if (body.errors?.length) throw toApiError(body.errors);
  return body.data as Result;
}

function wsClient(): Client {
  socket ??= createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: () => authHeaders(),
    lazy: true,
    retryAttempts: 3,
    on: {
      closed: (event) => {
        if ((event as CloseEvent).code === 4401) authRequired();
      },
    },
  });
  return socket;
}

/** A subscription over graphql-ws; returns the function that ends it. */
export function subscribe<Result, Variables>(
  document: TypedDocumentString<Result, Variables>,
  variables: Variables,
  handlers: { next: (data: Result) => void; error?: (error: ApiError) => void; complete?: () => void },
): () => void {
  return wsClient().subscribe<Result>(
    { query: document.toString(), variables: variables as Record<string, unknown> },
    {
      next: (result) => {
        if (result.errors?.length) handlers.error?.(toApiError(result.errors as { message: string; extensions?: Record<string, unknown> }[]));
        else if (result.data) handlers.next(result.data);
      },
      error: (error) => handlers.error?.(error instanceof ApiError ? error : new ApiError(describeSocketError(error), 'NETWORK_ERROR')),
      complete: () => handlers.complete?.(),
    },
  );
}

function describeSocketError(error: unknown): string {
  if (Array.isArray(error)) return error.map((e: { message?: string }) => e.message).join('; ');
  if (error instanceof Error) return error.message;
  return 'The live connection to the server closed';
}
