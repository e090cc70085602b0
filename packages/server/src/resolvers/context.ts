import type { Atelier } from '@atelier/core';
import type { ServerLimits } from '../server-config.js';
import type { Logger } from 'pino';
import type { FieldResolver, ResolverMap } from '../schema/executable-schema.js';

/** What every resolver gets: the composed application and a logger bound to the request. */
export interface ServerContext {
  atelier: Atelier;
  /** The server's own limits (page sizes, runs per request and client); core's are on `atelier.config`. */
  limits: ServerLimits;
  logger: Logger;
  /** Whether responses may carry internal error messages (`ATELIER_DEBUG`). */
  debug: boolean;
  /** Counts one run (or `runs`, a batch) against the client's per-minute limit; LIMIT_EXCEEDED past it (core applies the home's budget). */
  admitRun(runs?: number): void;
}

export type Resolver = FieldResolver<ServerContext>;
export type Resolvers = ResolverMap<ServerContext>;
