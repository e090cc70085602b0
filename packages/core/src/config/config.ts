import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AtelierError, defaultLimits } from '@atelier/plugin-api';
import { parseBackendChoice } from '../engine/engine.js';
import { queueConfigSchema } from './queue-config.js';
import { artifactStoreConfigSchema } from './artifact-store-config.js';

export const defaultPlugins = ['@atelier/plugin-cnn', '@atelier/plugin-gan', '@atelier/plugin-vae'];

export const limitsConfigSchema = z.object({
  maxImageSide: z.number().int().positive().default(defaultLimits.maxImageSide),
  maxImagePixels: z.number().int().positive().default(defaultLimits.maxImagePixels),
  maxImagesPerStep: z.number().int().positive().default(defaultLimits.maxImagesPerStep),
  maxImagesPerRun: z.number().int().positive().default(defaultLimits.maxImagesPerRun),
  /** Bytes of one upload (all its images together), decoded. */
  maxUploadBytes: z.number().int().positive().default(32 * 1024 * 1024),
  /** Bytes of one file that `image.load` or a folder import reads. */
  maxInputFileBytes: z.number().int().positive().default(32 * 1024 * 1024),
  maxFolderFiles: z.number().int().positive().default(100_000),
  maxFolderDepth: z.number().int().positive().default(16),
  maxFolderBytes: z.number().int().positive().default(4 * 1024 * 1024 * 1024),
  /** Source pixels (width × height, all images together) one import or upload may decode. */
  maxDecodedPixelsPerRequest: z.number().int().positive().default(64 * 1024 * 1024),
  /** Pixels (images × width × height) one data set may hold. */
  maxDatasetPixels: z.number().int().positive().default(256 * 1024 * 1024),
  /** Bytes the home folder may hold; imports and new runs that would pass it are refused before writing. */
  maxHomeBytes: z.number().int().positive().default(20 * 1024 * 1024 * 1024),
  /** Runs one batch (`runBatch`, `atelier run --seeds … --set …`) may expand into. */
  maxBatchRuns: z.number().int().positive().default(64),
  /** Bytes of JSON of one pipeline spec (and of a batch's swept values), refused before parsing or cloning it. */
  maxSpecBytes: z.number().int().positive().default(1024 * 1024),
});

const workersSchema = z.number().int().positive().max(64);

/** Settings the file gives as they are used, shared by the file's schema and the resolved config's. */
const settings = {
  /** How long a canceled run may take to stop before its worker process is killed. */
  cancelGraceMs: z.number().int().min(0).max(60_000).default(2000),
  /** Opened checkpoints each worker keeps warm between runs. */
  checkpointCacheSize: z.number().int().min(0).max(64).default(4),
  /** Bytes the step cache's stored outputs may take before the least recently used are evicted; 0 turns it off. */
  stepCacheBytes: z.number().int().min(0).default(512 * 1024 * 1024),
  /** Install the default checkpoints, MNIST data sets and example pipelines at start (`ATELIER_DEFAULTS=0` turns it off). */
  defaults: z.boolean().default(true),
  limits: limitsConfigSchema.default(limitsConfigSchema.parse({})),
  /** Where runs wait: in this process (default) or on BullMQ queues in Redis. */
  queue: queueConfigSchema.default({ kind: 'embedded' }),
  /** Where artifact files live: the home folder (default) or an S3-compatible bucket. */
  artifactStore: artifactStoreConfigSchema.default({ kind: 'local' }),
};

/**
 * Core's keys of `atelier.config.json`. The file has other sections too (the server's `port`,
 * `host`, `allowedHosts`, `allowedOrigins` and query limits), which their owners read: core strips
 * them, and the server refuses a key neither knows (`strictConfigFileSchema` there).
 */
export const configFileSchema = z.object({
  /** Plugins loaded besides the defaults (a default named again loads once). */
  plugins: z.array(z.string().min(1)).default([]),
  /** Default plugins not to load, e.g. `["@atelier/plugin-vae"]`. */
  disabledPlugins: z.array(z.string().min(1)).default([]),
  home: z.string().optional(),
  backend: z.string().optional(),
  /** The name `workers` had before runs moved into worker processes; kept for existing configs. */
  concurrency: workersSchema.optional(),
  /** Worker processes that run pipelines and training (default: one per core on WASM/CPU, one on tfjs-node). */
  workers: workersSchema.optional(),
  /** Folders whose files server requests may read (`image.load` paths, folder imports). */
  inputRoots: z.array(z.string().min(1)).optional(),
  ...settings,
});

export type LimitsConfig = z.infer<typeof limitsConfigSchema>;

/** The configuration core runs on: the file's settings resolved against the environment and the working directory. */
export const atelierConfigSchema = z.object({
  home: z.string(),
  plugins: z.array(z.string()),
  backend: z.string().transform(parseBackendChoice),
  /**
   * Absolute folders inside which `image.load` paths and folder imports must resolve (after
   * `realpath`); default `<home>/inputs`. The CLI, reading its own user's files, sets `['/']`.
   */
  inputRoots: z.array(z.string()),
  /** Worker processes; null picks the default for the engine (see `defaultWorkerCount`). */
  workers: workersSchema.nullable(),
  /** Folder of the config file (plugins resolve from here), or the working directory. */
  root: z.string(),
  ...settings,
});

export type AtelierConfig = z.infer<typeof atelierConfigSchema>;

/** `atelier.config.json` as read: where it is (or would be), its folder, and its JSON (`{}` when absent). */
export interface ConfigFile {
  path: string;
  root: string;
  raw: unknown;
}

/** The config file in `cwd`, or the one `ATELIER_CONFIG` names; BAD_USER_INPUT when it is not JSON. */
export function readConfigFile(options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ConfigFile {
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
  return { path: file, root: path.dirname(file), raw };
}

/** One section of the config file parsed by its schema; BAD_USER_INPUT naming the file and the key otherwise. */
export function parseConfigFile<S extends z.ZodType>(file: ConfigFile, schema: S): z.output<S> {
  const parsed = schema.safeParse(file.raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AtelierError('BAD_USER_INPUT', `${file.path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`, {
      path: issue.path.join('.'),
    });
  }
  return parsed.data;
}

/**
 * Core's configuration: `atelier.config.json` (in `cwd` or `ATELIER_CONFIG`), then the environment
 * (`ATELIER_HOME`, `ATELIER_BACKEND`, `ATELIER_WORKERS`, `ATELIER_DEFAULTS`) on top, then `overrides`.
 */
export function loadConfig(options: { cwd?: string; env?: NodeJS.ProcessEnv; overrides?: Partial<AtelierConfig> } = {}): AtelierConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const file = readConfigFile({ cwd, env });
  const fromFile = parseConfigFile(file, configFileSchema);
  const home = options.overrides?.home ?? path.resolve(cwd, env.ATELIER_HOME ?? fromFile.home ?? '.atelier');
  return atelierConfigSchema.parse({
    home,
    plugins: pluginList(fromFile.plugins, fromFile.disabledPlugins),
    backend: env.ATELIER_BACKEND ?? fromFile.backend ?? 'auto',
    workers: parseWorkers(env.ATELIER_WORKERS) ?? fromFile.workers ?? fromFile.concurrency ?? null,
    cancelGraceMs: fromFile.cancelGraceMs,
    checkpointCacheSize: fromFile.checkpointCacheSize,
    stepCacheBytes: fromFile.stepCacheBytes,
    defaults: parseSwitch('ATELIER_DEFAULTS', env.ATELIER_DEFAULTS) ?? fromFile.defaults,
    inputRoots: (fromFile.inputRoots ?? [path.join(home, 'inputs')]).map((root) => path.resolve(cwd, root)),
    limits: fromFile.limits,
    queue: fromFile.queue,
    artifactStore: fromFile.artifactStore,
    root: file.root,
    ...options.overrides,
  });
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
