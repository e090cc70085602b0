import type { CheckpointRecord } from '@atelier/plugin-api';
import type { ArtifactStoreConfig } from '../config/artifact-store-config.js';

/** An `artifactStore` config that names an adapter package (every kind but the local one). */
export type RemoteArtifactStoreConfig = Exclude<ArtifactStoreConfig, { kind: 'local' }>;

/**
 * Artifact files kept outside the home folder, keyed by their home-relative path, so a row's `path`
 * names its file on every machine: workers upload what they write, the API serves them from there.
 */
export interface RemoteArtifactFiles {
  /** Uploads the home-relative file under its own path; returns its key. */
  upload(home: string, relative: string, mime: string): Promise<string>;
  /** Uploads every file of a checkpoint. */
  uploadCheckpoint(home: string, checkpoint: CheckpointRecord): Promise<void>;
  /** Makes a checkpoint's files present in `home` (whole, once). */
  fetchCheckpoint(home: string, checkpoint: CheckpointRecord): Promise<void>;
  /** The file's bytes, or null when the store has none. */
  read(relative: string): Promise<Buffer | null>;
  close(): void;
}

/** What an artifact store adapter package exports as `artifactFilesAdapter`. */
export interface ArtifactFilesAdapter {
  open(config: RemoteArtifactStoreConfig): RemoteArtifactFiles;
}
