import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AtelierError, defaultLimits } from '@atelier/plugin-api';
import { parseBackendChoice, type BackendChoice } from '../engine/engine.js';
import { queueConfigSchema, type QueueConfig } from './queue-config.js';
import { artifactStoreConfigSchema, type ArtifactStoreConfig } from './artifact-store-config.js';

export const defaultPlugins = ['@atelier/plugin-cnn', '@atelier/plugin-gan', '@atelier/plugin-vae'];

const limitsSchema = z.object({
  maxImageSide: z.number().int().positive().default(defaultLimits.maxImageSide),
  maxImagePixels: z.number().int().positive().default(defaultLimits.maxImagePixels),
  maxImagesPerStep: z.number().int().positive().default(defaultLimits.maxImagesPerStep),
  maxImagesPerRun: z.number().int().positive().default(defaultLimits.maxImagesPerRun),
  maxUploadBytes: z.number().int().positive().default(32 * 1024 * 1024),
  maxQueryDepth: z.number().int().positive().default(12),
  maxListSize: z.number().int().positive().default(200),
  /** Fields an operation may select, lists counted `first` times (see the server's query cost rule). */
  maxQueryCost: z.number().int().positive().default(10_000),
  maxRunsPerRequest: z.number().int().positive().default(8),
  maxRunsPerClientPerMinute: z.number().int().positive().default(120),
  /** Bytes of one file that `image.load` or a folder import reads. */
  maxInputFileBytes: z.number().int().positive().default(32 * 1024 * 1024),
  maxFolderFiles: z.number().int().positive().default(100_000),
  maxFolderDepth: z.number().int().positive().default(16),
  maxFolderBytes: z.number().int().positive().default(4 * 1024 * 1024 * 1024),
  /** Source pixels (width × height, all images together) one import or upload may decode. */
  maxDecodedPixelsPerRequest: z.number().int().positive().default(64 * 1024 * 1024),
  /** Pixels (images × width × height) one data set may hold. */
  maxDatasetPixels: z.number().int().positive().default(256 * 1024 * 1024),
  /** Bytes the home folder may hold; imports that would pass it are refused before writing. */
  maxHomeBytes: z.number().int().positive().default(20 * 1024 * 1024 * 1024),
  /** Runs one batch (`runBatch`, `atelier run --seeds … --set …`) may expand into. */
  maxBatchRuns: z.number().int().positive().default(64),
});

const fileSchema = z
  .object({
    /** Plugins loaded besides the defaults (a default named again loads once). */
    plugins: z.array(z.string().min(1)).default([]),
    /** Default plugins not to load, e.g. `["@atelier/plugin-vae"]`. */
    disabledPlugins: z.array(z.string().min(1)).default([]),
    home: z.string().optional(),
    backend: z.string().optional(),
    port: z.number().int().min(0).max(65535).default(4000),
    host: z.string().default('127.0.0.1'),
    /** The name `workers` had before runs moved into worker processes; kept for existing configs. */
    concurrency: z.number().int().positive().max(64).optional(),
    /** Worker processes that run pipelines and training (default: one per core on WASM/CPU, one on tfjs-node). */
    workers: z.number().int().positive().max(64).optional(),
    /** How long a canceled run may take to stop before its worker process is killed. */
    cancelGraceMs: z.number().int().min(0).max(60_000).default(2000),
    /** Opened checkpoints each worker keeps warm between runs. */
    checkpointCacheSize: z.number().int().min(0).max(64).default(4),
    /** Bytes the step cache's stored outputs may take before the least recently used are evicted; 0 turns it off. */
    stepCacheBytes: z.number().int().min(0).default(512 * 1024 * 1024),
    /** Folders whose files server requests may read (`image.load` paths, folder imports). */
    inputRoots: z.array(z.string().min(1)).optional(),
    /** `Host` values accepted besides loopback ones when no token is set, e.g. `atelier.lan:4000`. */
    allowedHosts: z.array(z.string().min(1)).default([]),
    /** Origins (`scheme://host:port`) of other sites whose pages may call this server. */
    allowedOrigins: z.array(z.string().min(1)).default([]),
    /** Install the default checkpoints, MNIST data sets and example pipelines at start (`ATELIER_DEFAULTS=0` turns it off). */
    defaults: z.boolean().default(true),
    limits: limitsSchema.default(limitsSchema.parse({})),
    queue: queueConfigSchema.default({ kind: 'embedded' }),
    artifactStore: artifactStoreConfigSchema.default({ kind: 'local' }),
  })
  .strict();

export type LimitsConfig = z.infer<typeof limitsSchema>;

export interface AtelierConfig {
  home: string;
  plugins: string[];
  backend: BackendChoice;
  port: number;
  host: string;
  token: string | null;
  /**
   * Absolute folders inside which `image.load` paths and folder imports must resolve (after
   * `realpath`); default `<home>/inputs`. The CLI, reading its own user's files, sets `['/']`.
   */
  inputRoots: string[];
  allowedHosts: string[];
  allowedOrigins: string[];
  /** Worker processes; null picks the default for the engine (see `defaultWorkerCount`). */
  workers: number | null;
  cancelGraceMs: number;
  checkpointCacheSize: number;
  stepCacheBytes: number;
  /** Whether the server and CLI install the default checkpoints, data sets and example pipelines at start. */
  defaults: boolean;
  limits: LimitsConfig;
  /** Where runs wait: in this process (default) or on BullMQ queues in Redis. */
  queue: QueueConfig;
  /** Where artifact files live: the home folder (default) or an S3-compatible bucket. */
  artifactStore: ArtifactStoreConfig;
  /** Folder of the config file (plugins resolve from here), or the working directory. */
  root: string;
}

/**
 * The one place configuration comes from: `atelier.config.json` (in `cwd` or `ATELIER_CONFIG`),
 * then the environment (`ATELIER_HOME`, `ATELIER_BACKEND`, `ATELIER_PORT`, `ATELIER_TOKEN`, `ATELIER_WORKERS`,
 * `ATELIER_DEFAULTS`) on top.
 */
export function loadConfig(options: { cwd?: string; env?: NodeJS.ProcessEnv; overrides?: Partial<AtelierConfig> } = {}): AtelierConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const file = env.ATELIER_CONFIG ? path.resolve(cwd, env.ATELIER_CONFIG) : path.join(cwd, 'atelier.config.json');
  let raw: unknown = {};
  if (fs.existsSync(file)) {
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new AtelierError('BAD_USER_INPUT', `${file} is not valid JSON: ${(error as Error).message}`, { path: file });
    }
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AtelierError('BAD_USER_INPUT', `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`, {
      path: issue.path.join('.'),
    });
  }
  const root = path.dirname(file);
  const fromFile = parsed.data;
  const port = env.ATELIER_PORT !== undefined ? Number(env.ATELIER_PORT) : fromFile.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AtelierError('BAD_USER_INPUT', `ATELIER_PORT must be an integer in 0…65535; got "${env.ATELIER_PORT}"`, {
      path: 'ATELIER_PORT',
      limit: 65535,
    });
  }
  const home = options.overrides?.home ?? path.resolve(cwd, env.ATELIER_HOME ?? fromFile.home ?? '.atelier');
  return {
    home,
    plugins: pluginList(fromFile.plugins, fromFile.disabledPlugins),
    backend: parseBackendChoice(env.ATELIER_BACKEND ?? fromFile.backend),
    port,
    host: fromFile.host,
    token: env.ATELIER_TOKEN || null,
    workers: parseWorkers(env.ATELIER_WORKERS) ?? fromFile.workers ?? fromFile.concurrency ?? null,
    cancelGraceMs: fromFile.cancelGraceMs,
    checkpointCacheSize: fromFile.checkpointCacheSize,
    stepCacheBytes: fromFile.stepCacheBytes,
    defaults: parseSwitch('ATELIER_DEFAULTS', env.ATELIER_DEFAULTS) ?? fromFile.defaults,
    inputRoots: (fromFile.inputRoots ?? [path.join(home, 'inputs')]).map((root) => path.resolve(cwd, root)),
    allowedHosts: fromFile.allowedHosts,
    allowedOrigins: fromFile.allowedOrigins,
    limits: fromFile.limits,
    queue: fromFile.queue,
    artifactStore: fromFile.artifactStore,
    root,
    ...options.overrides,
  };
}

/** The defaults minus the disabled ones, then the configured ones, each once. */
function pluginList(added: string[], disabled: string[]): string[] {
  return [...new Set([...defaultPlugins.filter((name) => !disabled.includes(name)), ...added])];
}

function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new AtelierError('BAD_USER_INPUT', `ATELIER_WORKERS must be an integer in 1…64; got "${value}"`, { path: 'ATELIER_WORKERS', limit: 64 });
  }
  return workers;
}

/** `1`/`true` or `0`/`false`; unset or empty leaves the file's value. */
function parseSwitch(variable: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw new AtelierError('BAD_USER_INPUT', `${variable} must be 1, 0, true or false; got "${value}"`, { path: variable });
}
