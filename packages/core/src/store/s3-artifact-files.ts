import fs from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { wrapError } from '../errors.js';
import type { S3StoreConfig } from './artifact-store-config.js';

/**
 * Artifact files in an S3-compatible bucket, keyed by their path relative to the home folder
 * (`artifacts/<run>/<id>.png`), so a row's `path` names its object on every machine.
 */
export class S3ArtifactFiles {
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
