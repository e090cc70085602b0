import { AtelierError } from '@atelier/plugin-api';

/** The one error for an unknown run id, wherever it is looked up: the CLI, GraphQL and core say it alike. */
export function runNotFound(id: string): AtelierError {
  return new AtelierError('NOT_FOUND', `No run "${id}"`, { path: 'id', id });
}
