import { AtelierError, PipelineInvalidError, type ErrorCode } from '@atelier/core';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * The one place where core's AtelierError codes become GraphQL `extensions.code`s. Clients switch
 * on this small public set; the precise core code travels along as `extensions.reason`.
 */
export type PublicErrorCode =
  | 'BAD_USER_INPUT'
  | 'PIPELINE_INVALID'
  | 'NOT_FOUND'
  | 'LIMIT_EXCEEDED'
  | 'PATH_NOT_ALLOWED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'ENGINE_UNAVAILABLE'
  | 'CANCELED'
  | 'INTERNAL_SERVER_ERROR';

const publicCodes: Record<ErrorCode, PublicErrorCode> = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  PIPELINE_INVALID: 'PIPELINE_INVALID',
  NOT_FOUND: 'NOT_FOUND',
  CHECKPOINT_NOT_FOUND: 'NOT_FOUND',
  DATASET_NOT_FOUND: 'NOT_FOUND',
  CHECKPOINT_INCOMPATIBLE: 'BAD_USER_INPUT',
  IMAGE_INVALID: 'BAD_USER_INPUT',
  CONFLICT: 'BAD_USER_INPUT',
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  PATH_NOT_ALLOWED: 'PATH_NOT_ALLOWED',
  ENGINE_UNAVAILABLE: 'ENGINE_UNAVAILABLE',
  CANCELED: 'CANCELED',
  PLUGIN_INVALID: 'INTERNAL_SERVER_ERROR',
  PLUGIN_FAILED: 'INTERNAL_SERVER_ERROR',
  DUPLICATE_ID: 'INTERNAL_SERVER_ERROR',
  STORAGE_ERROR: 'INTERNAL_SERVER_ERROR',
  WORKER_CRASHED: 'INTERNAL_SERVER_ERROR',
  ADAPTER_MISSING: 'INTERNAL_SERVER_ERROR',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

/** HTTP statuses for errors raised outside GraphQL execution (body parsing, auth, artifacts). */
const httpStatuses: Partial<Record<PublicErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  LIMIT_EXCEEDED: 413,
  PATH_NOT_ALLOWED: 403,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
};

export function extensionsOf(error: AtelierError): Record<string, unknown> {
  const code = publicCodes[error.code] ?? 'INTERNAL_SERVER_ERROR';
  const extensions: Record<string, unknown> = { ...error.details, code };
  if (code !== error.code) extensions.reason = error.code;
  if (error instanceof PipelineInvalidError) extensions.issues = error.issues;
  return extensions;
}

/** Finds the AtelierError behind a GraphQL error, however many layers wrap it. */
function atelierErrorIn(error: unknown): AtelierError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    if (current instanceof AtelierError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return null;
}

export function unauthenticatedError(): GraphQLError {
  return new GraphQLError('A valid "Authorization: Bearer <token>" header is required', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

/** A request refused for where it comes from (its `Host` or `Origin`), before anything else runs. */
export function forbiddenError(message: string, reason: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', reason, http: { status: 403 } } });
}

/** An operation past `limits.maxSubscriptionsPerSocket` on one websocket, refused before it is parsed. */
export function tooManySubscriptionsError(limit: number): GraphQLError {
  const error = new AtelierError('LIMIT_EXCEEDED', `One websocket may have at most ${limit} operations open at once; complete one first`, {
    limit,
    setting: 'limits.maxSubscriptionsPerSocket',
  });
  return new GraphQLError(error.message, { originalError: error });
}

export function isUnexpected(error: unknown): boolean {
  const atelierError = atelierErrorIn(error);
  if (atelierError) return publicCodes[atelierError.code] === 'INTERNAL_SERVER_ERROR';
  const original = (error as { originalError?: unknown } | null)?.originalError;
  return error instanceof GraphQLError && original instanceof Error && !(original instanceof GraphQLError);
}

/** Details that say where a run failed, never what the machine holds: kept on masked errors. */
const locatingDetails = ['step', 'component', 'limit', 'setting', 'exitCode', 'signal'];

/**
 * A run's or step's recorded error as clients see it: an internal failure (an engine fault, a
 * storage error naming files, a plugin's own error text) keeps its code and where it happened (step,
 * component, exit signal…) and loses its message and other details unless debugging.
 */
export function publicRunError<E extends { code: string; message: string; details?: unknown }>(error: E | null, debug: boolean): E | null {
  if (!error || debug) return error;
  // Codes core records without raising them (INTERRUPTED) carry no internals and stay as they are.
  if (publicCodes[error.code as ErrorCode] !== 'INTERNAL_SERVER_ERROR') return error;
  const details = Object.fromEntries(Object.entries((error.details ?? {}) as Record<string, unknown>).filter(([key]) => locatingDetails.includes(key)));
  const where = [details.step && `step "${details.step}"`, details.component && `component ${details.component}`].filter(Boolean).join(', ');
  return { ...error, message: where ? `${maskedMessage} — ${where}` : maskedMessage, details };
}

export const maskedMessage = 'Internal server error (details are in the server log)';

/**
 * Apollo's own refusals of a malformed request (an APQ hash that does not match its query, an
 * unsupported persisted-query version) set HTTP 400 but no code, which Apollo then codes as internal.
 */
function isApolloRequestRefusal(error: unknown): boolean {
  return error instanceof GraphQLError && error.extensions.code === undefined && !error.originalError && (error.extensions.http as { status?: number } | undefined)?.status === 400;
}

/**
 * Apollo's and graphql-ws's error formatter: AtelierErrors get their public code and details.
 * Unless debugging (`ATELIER_DEBUG`), stack traces are dropped and unexpected errors (which may
 * name files on the server) keep only their code.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: { debug: boolean; defaultCode?: string },
): GraphQLFormattedError {
  const atelierError = atelierErrorIn(error);
  let extensions: Record<string, unknown> = { ...formatted.extensions };
  if (atelierError) Object.assign(extensions, extensionsOf(atelierError));
  else if (isApolloRequestRefusal(error)) extensions.code = 'BAD_USER_INPUT';
  const code = extensions.code ?? options.defaultCode ?? 'INTERNAL_SERVER_ERROR';
  if (options.debug) return { ...formatted, extensions: { ...extensions, code } };
  const masked = isUnexpected(error) || code === 'INTERNAL_SERVER_ERROR';
  if (masked) extensions = { reason: extensions.reason };
  delete extensions.stacktrace;
  return { ...formatted, message: masked ? maskedMessage : formatted.message, extensions: { ...extensions, code } };
}

/** A GraphQL-over-HTTP error body for failures that happen before GraphQL runs. */
export function httpErrorBody(error: AtelierError | GraphQLError): { status: number; body: { errors: GraphQLFormattedError[] } } {
  const graphqlError = error instanceof GraphQLError ? error : new GraphQLError(error.message, { extensions: extensionsOf(error) });
  const { http: _http, ...extensions } = graphqlError.extensions as Record<string, unknown>;
  const code = extensions.code as PublicErrorCode;
  return { status: httpStatuses[code] ?? 500, body: { errors: [{ message: graphqlError.message, extensions }] } };
}
