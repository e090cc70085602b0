import type { ArtifactFilesAdapter } from '@atelier/core/adapter';
import { S3ArtifactFiles } from './s3-artifact-files.js';

/** `artifactStore: { kind: "s3" }`: artifact files in an S3-compatible bucket. */
export const artifactFilesAdapter: ArtifactFilesAdapter = { open: (config) => new S3ArtifactFiles(config) };

export { S3ArtifactFiles };
