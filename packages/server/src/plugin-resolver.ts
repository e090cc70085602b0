import { fileURLToPath } from 'node:url';

/** Resolves plugin package names from the server package, whose dependencies include the default plugins. */
export function resolvePlugin(name: string): string {
  return fileURLToPath(import.meta.resolve(name));
}
