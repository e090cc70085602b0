import type { Atelier } from '@atelier/core';
import type { Logger } from 'pino';
import type { FieldResolver, ResolverMap } from '../schema/executable-schema.js';

/** What every resolver gets: the composed application and a logger bound to the request. */
export interface ServerContext {
  atelier: Atelier;
  logger: Logger;
}

export type Resolver = FieldResolver<ServerContext>;
export type Resolvers = ResolverMap<ServerContext>;
