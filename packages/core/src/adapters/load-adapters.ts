import { fileURLToPath, pathToFileURL } from 'node:url';
import { AtelierError } from '@atelier/plugin-api';
import type { AtelierConfig } from '../config/config.js';
import { isNotFound, type ModuleResolver } from '../plugins/loader.js';
import type { ArtifactFilesAdapter, RemoteArtifactFiles, RemoteArtifactStoreConfig } from './artifact-files-adapter.js';
import type { QueueAdapter, RemoteQueueConfig } from './queue-adapter.js';

/** The package each non-default config kind loads; kinds and package names are both public. */
const queuePackages: Record<RemoteQueueConfig['kind'], string> = { bullmq: '@atelier/queue-bullmq' };
const artifactStorePackages: Record<RemoteArtifactStoreConfig['kind'], string> = { s3: '@atelier/artifacts-s3' };

/** The adapters the config names; null where it keeps the default (embedded queue, files in the home). */
export interface Adapters {
  queue: QueueAdapter | null;
  /** Opened on the configured store. */
  artifactFiles: RemoteArtifactFiles | null;
}

/**
 * Imports only the adapter packages the config names, so the embedded default never loads a queue or
 * cloud client. `resolver` resolves them from the composition root, whose dependencies they are.
 */
export async function loadAdapters(config: Pick<AtelierConfig, 'queue' | 'artifactStore'>, resolver?: ModuleResolver): Promise<Adapters> {
  const { queue, artifactStore } = config;
  return {
    queue: queue.kind === 'embedded' ? null : await importAdapter<QueueAdapter>(queuePackages[queue.kind], 'queueAdapter', 'queue.kind', resolver),
    artifactFiles:
      artifactStore.kind === 'local'
        ? null
        : (await importAdapter<ArtifactFilesAdapter>(artifactStorePackages[artifactStore.kind], 'artifactFilesAdapter', 'artifactStore.kind', resolver)).open(artifactStore),
  };
}

async function importAdapter<T>(name: string, exportName: string, configPath: string, resolver: ModuleResolver | undefined): Promise<T> {
  let file: string;
  try {
    file = resolver ? resolver(name) : fileURLToPath(import.meta.resolve(name));
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new AtelierError('ADAPTER_MISSING', `${configPath} needs the package ${name}, which is not installed`, { path: configPath, package: name }, { cause: error });
  }
  const adapter = ((await import(pathToFileURL(file).href)) as Record<string, unknown>)[exportName];
  if (!adapter) throw new AtelierError('ADAPTER_MISSING', `${name} does not export ${exportName}`, { path: configPath, package: name });
  return adapter as T;
}
