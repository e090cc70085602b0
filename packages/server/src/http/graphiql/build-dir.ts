import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The GraphiQL page's sources (this folder) and its build, `packages/server/dist/graphiql`. */
export const graphiqlSourceDir = path.dirname(fileURLToPath(import.meta.url));
export const graphiqlDir = path.resolve(graphiqlSourceDir, '..', '..', '..', 'dist', 'graphiql');
