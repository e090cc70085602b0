import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodegenTarget } from './generate.js';

const packagesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const schemaFile = path.join(packagesDir, 'server', 'src', 'schema', 'schema.graphql');

/** The schema's types as the server's resolvers and tests (and `@atelier/server`'s users) see them. */
export const serverTypes: CodegenTarget = {
  file: path.join(packagesDir, 'server', 'src', 'schema', 'types.ts'),
  plugins: ['typescript'],
};

/** The web client's operation types and typed operation strings. */
export const clientTypes: CodegenTarget = {
  file: path.join(packagesDir, 'web', 'src', 'api', 'generated.ts'),
  documents: path.join(packagesDir, 'web', 'src', 'api', 'operations.graphql'),
  plugins: ['typescript-operations', 'typed-document-node'],
  config: { documentMode: 'string' },
};

export const targets = [serverTypes, clientTypes];
