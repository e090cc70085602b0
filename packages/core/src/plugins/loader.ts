import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AtelierError, type PluginManifest, wrapError } from '@atelier/plugin-api';
import type { PluginRegistry } from './registry.js';
import { shareHostCore } from './share-core.js';

/** Resolves a plugin package name to its module file; the composition root passes its own so its deps resolve. */
export type ModuleResolver = (specifier: string) => string;

/**
 * Loads plugins by package name (or module path) into the registry and returns the module paths that
 * loaded, which worker processes import in turn. A plugin that fails to import or register is recorded
 * in `registry.failures` and the others still load.
 */
export async function loadPlugins(
  registry: PluginRegistry,
  names: string[],
  options: { resolver?: ModuleResolver; root?: string } = {},
): Promise<string[]> {
  const loaded: string[] = [];
  for (const name of names) {
    try {
      const file = resolvePlugin(name, options);
      const module = await import(pathToFileURL(file).href);
      const manifest = ((module as { default?: unknown }).default ?? (module as { plugin?: unknown }).plugin) as PluginManifest;
      registry.register(manifest);
      loaded.push(file);
    } catch (error) {
      registry.recordFailure(name, wrapError(error, 'PLUGIN_INVALID', `Plugin "${name}" failed to load`, { plugin: name }));
    }
  }
  return loaded;
}

function resolvePlugin(name: string, options: { resolver?: ModuleResolver; root?: string }): string {
  // Third-party plugins installed beside the config file (or given as a path) resolve from there.
  const root = options.root ?? process.cwd();
  if (name.startsWith('.') || path.isAbsolute(name)) {
    shareHostCore();
    return packageEntry(path.resolve(root, name));
  }
  if (options.resolver) {
    try {
      return options.resolver(name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  try {
    return createRequire(path.join(root, 'package.json')).resolve(name);
  } catch (error) {
    throw new AtelierError('PLUGIN_INVALID', `Plugin package "${name}" is not installed (looked from ${root})`, { plugin: name }, { cause: error });
  }
}

/** A plugin named by the path of its package folder loads that package's entry (`exports` or `main`). */
function packageEntry(resolved: string): string {
  const manifestFile = path.join(resolved, 'package.json');
  if (!fs.statSync(resolved, { throwIfNoEntry: false })?.isDirectory() || !fs.existsSync(manifestFile)) return resolved;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { exports?: unknown; main?: string };
  const root = (manifest.exports as Record<string, unknown> | undefined)?.['.'] ?? manifest.exports;
  const entry = typeof root === 'string' ? root : ((root as Record<string, unknown> | undefined)?.import ?? (root as Record<string, unknown> | undefined)?.default);
  return path.resolve(resolved, typeof entry === 'string' ? entry : (manifest.main ?? 'index.js'));
}

export function isNotFound(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
