import fs from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AtelierError, type CheckpointRecord, homePaths, type S3StoreConfig, wrapError } from '@atelier/core';
import type { RemoteArtifactFiles } from '@atelier/core/adapter';

/** tfjs's browser format, as core's IO handler writes it: one folder per model. */
function checkpointFiles(checkpoint: CheckpointRecord): string[] {
  return checkpoint.models.flatMap((model) => ['model.json', 'weights.bin'].map((file) => `${checkpoint.path}/${model}/${file}`));
}

/**
 * Artifact files in an S3-compatible bucket, keyed by their path relative to the home folder
 * (`artifacts/<run>/<id>.png`), so a row's `path` names its object on every machine.
 */
export class S3ArtifactFiles implements RemoteArtifactFiles {
  private readonly client: S3Client;

  constructor(private readonly config: S3StoreConfig) {
    const { endpoint, region, accessKeyId, secretAccessKey } = config;
    this.client = new S3Client({
      endpoint,
      region,
      // Path-style (`endpoint/bucket/key`): what MinIO and other S3-compatible servers answer.
      forcePathStyle: true,
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    });
  }

  /** Uploads the home-relative file under its own path as key; returns the key. */
  async upload(home: string, relative: string, mime: string): Promise<string> {
    const key = this.key(relative);
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.config.bucket, Key: key, Body: fs.readFileSync(path.join(home, relative)), ContentType: mime }));
      return key;
    } catch (error) {
      throw wrapError(error, 'STORAGE_ERROR', `Cannot upload ${relative} to the artifact store`, { path: 'artifactStore', key });
    }
  }

  /** Uploads every file of a checkpoint (`checkpoints/<id>/<model>/model.json + weights.bin`). */
  async uploadCheckpoint(home: string, checkpoint: CheckpointRecord): Promise<void> {
    for (const file of checkpointFiles(checkpoint)) await this.upload(home, file, file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
  }

  /**
   * Makes a checkpoint's files present in `home`, downloading them once: staged in `tmp/` and renamed
   * into place whole, so a half-downloaded checkpoint is never loaded. Later runs find it cached.
   */
  async fetchCheckpoint(home: string, checkpoint: CheckpointRecord): Promise<void> {
    const paths = homePaths(home);
    const target = path.join(paths.home, checkpoint.path);
    if (fs.existsSync(target)) return;
    const staging = path.join(paths.tmp, `${checkpoint.id}-${process.pid}-${Date.now()}`);
    try {
      for (const file of checkpointFiles(checkpoint)) {
        const data = await this.read(file);
        if (!data) throw new AtelierError('CHECKPOINT_NOT_FOUND', `The artifact store has no ${file}`, { path: 'checkpoint', value: checkpoint.id });
        const local = path.join(staging, path.relative(checkpoint.path, file));
        fs.mkdirSync(path.dirname(local), { recursive: true });
        fs.writeFileSync(local, data);
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(staging, target);
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true });
      // Another job of this worker may have fetched it meanwhile.
      if (!fs.existsSync(target)) throw wrapError(error, 'STORAGE_ERROR', `Cannot fetch checkpoint ${checkpoint.name}`, { path: 'checkpoint', value: checkpoint.id });
    }
  }

  /** The object's bytes, or null when the bucket has no such key. */
  async read(relative: string): Promise<Buffer | null> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: this.key(relative) }));
      return Buffer.from(await object.Body!.transformToByteArray());
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw wrapError(error, 'STORAGE_ERROR', `Cannot read ${relative} from the artifact store`, { path: 'artifactStore' });
    }
  }

  close(): void {
    this.client.destroy();
  }

  private key(relative: string): string {
    return `${this.config.prefix}${relative}`;
  }
}
