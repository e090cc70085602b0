import type { ApolloServerPlugin } from '@apollo/server';
import type { ServerContext } from '../resolvers/index.js';
import { isUnexpected } from '../errors.js';

/**
 * One log line per GraphQL operation (mutations at info, the rest at debug) and the full error of
 * anything unexpected, which clients only see masked in production.
 */
export function requestLogging(): ApolloServerPlugin<ServerContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            if (isUnexpected(error)) contextValue.logger.error({ err: error.originalError ?? error, operationName }, 'operation failed');
          }
        },
        async willSendResponse({ operation, operationName, errors }) {
          const line = {
            operation: operation?.operation ?? null,
            operationName: operationName ?? null,
            ms: Math.round(performance.now() - started),
            errors: errors?.length ?? 0,
          };
          if (operation?.operation === 'mutation') contextValue.logger.info(line, 'graphql');
          else contextValue.logger.debug(line, 'graphql');
        },
      };
    },
  };
}
