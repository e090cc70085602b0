import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AtelierError, wrapError } from '../errors.js';
import { pluginApiVersion } from './api-version.js';
import type { PluginRegistry } from './registry.js';
import { shareHostCore } from './share-core.js';
import type { PluginManifest } from './types.js';

/** Imports a package by name; the composition root passes its own `import` so its deps resolve. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

/**
 * Loads plugins by package name into the registry. A plugin that fails to import or register is
 * recorded in `registry.failures` and the others still load.
 */
export async function loadPlugins(
  registry: PluginRegistry,
  names: string[],
  options: { importer?: ModuleImporter; root?: string } = {},
): Promise<void> {
  for (const name of names) {
    try {
      const module = await importPlugin(name, options);
      const manifest = ((module as { default?: unknown }).default ?? (module as { plugin?: unknown }).plugin) as PluginManifest;
      // In-process manifests (tests, embedders) may leave it out; a package must say what it was built for.
      if (manifest && typeof manifest === 'object' && manifest.apiVersion === undefined) {
        throw new AtelierError('PLUGIN_INVALID', `Plugin "${name}" states no apiVersion; set apiVersion: ${pluginApiVersion} in its manifest`, {
          plugin: name,
          limit: pluginApiVersion,
        });
      }
      registry.register(manifest);
    } catch (error) {
      registry.recordFailure(name, wrapError(error, 'PLUGIN_INVALID', `Plugin "${name}" failed to load`, { plugin: name }));
    }
  }
}

/** Registers an in-process manifest, recording (not throwing) a failure as loading by name does. */
export function registerOrRecord(registry: PluginRegistry, manifest: PluginManifest): void {
  try {
    registry.register(manifest);
  } catch (error) {
    const name = typeof manifest?.name === 'string' ? manifest.name : '(unnamed plugin)';
    registry.recordFailure(name, wrapError(error, 'PLUGIN_INVALID', `Plugin "${name}" failed to register`, { plugin: name }));
  }
}

async function importPlugin(name: string, options: { importer?: ModuleImporter; root?: string }): Promise<unknown> {
  if (options.importer) {
    try {
      return await options.importer(name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  // Third-party plugins installed beside the config file (or given as a path) resolve from there.
  const root = options.root ?? process.cwd();
  const require = createRequire(path.join(root, 'package.json'));
  let resolved: string;
  try {
    const byPath = name.startsWith('.') || path.isAbsolute(name);
    if (byPath) shareHostCore();
    resolved = byPath ? packageEntry(path.resolve(root, name)) : require.resolve(name);
  } catch (error) {
    throw new AtelierError('PLUGIN_INVALID', `Plugin package "${name}" is not installed (looked from ${root})`, { plugin: name }, { cause: error });
  }
  return import(pathToFileURL(resolved).href);
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

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
