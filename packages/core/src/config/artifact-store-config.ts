import { z } from 'zod';

/**
 * `artifactStore` in `atelier.config.json`: where artifact files live. `local` (default): the home
 * folder (one machine or a shared mount). `s3`: an S3-compatible bucket (AWS, MinIO…, path-style);
 * workers upload what they write and the API serves artifacts from there.
 */
export const artifactStoreConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('local') }),
  z.strictObject({
    kind: z.literal('s3'),
    /** e.g. `http://minio.lan:9000`; omitted for AWS itself. */
    endpoint: z.string().url().optional(),
    region: z.string().min(1).default('us-east-1'),
    bucket: z.string().min(3).max(63),
    /** Key prefix inside the bucket, e.g. `atelier/`. */
    prefix: z.string().default(''),
    /** Credentials; without them the SDK's own chain applies (environment, profile, instance role). */
    accessKeyId: z.string().min(1).optional(),
    secretAccessKey: z.string().min(1).optional(),
  }),
]);

export type ArtifactStoreConfig = z.infer<typeof artifactStoreConfigSchema>;
export type S3StoreConfig = Extract<ArtifactStoreConfig, { kind: 's3' }>;
