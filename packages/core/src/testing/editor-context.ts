import type { z } from 'zod';
import { imagePlugin } from '../builtins/index.js';
import { loadConfig } from '../config.js';
import { initEngine, type BackendName } from '../engine/engine.js';
import { tf } from '../engine/tf.js';
import { AtelierError } from '../errors.js';
import type { ImageBatch } from '../image/image-batch.js';
import { InputFiles } from '../inputs/input-files.js';
import { silentLogger } from '../logger.js';
import { checkpointOpener } from '../pipeline/open-checkpoint.js';
import { createRandom } from '../pipeline/random.js';
import { PluginRegistry } from '../plugins/registry.js';
import type { Editor, EditorContext, Limits, Preprocessor } from '../plugins/types.js';

export interface TestContextOptions {
  seed?: number;
  stepId?: string;
  backend?: BackendName;
  limits?: Partial<Limits>;
  /** Stands in for the data set store; without it `ctx.dataset` throws. */
  dataset?: EditorContext['dataset'];
  /** Stands in for the artifact store; without it `ctx.artifact` throws. */
  artifact?: EditorContext['artifact'];
  /** Stands in for the checkpoint store; without it `ctx.checkpoint` and `ctx.open` throw. */
  checkpoint?: EditorContext['checkpoint'];
  /** Receives what the component records with `ctx.record`. */
  records?: Record<string, unknown>;
  /** Folders `ctx.readInput` may read from (none by default). */
  inputRoots?: string[];
}

function notAvailable(what: string): never {
  throw new AtelierError('NOT_FOUND', `${what} is not available in this test`);
}

/**
 * A real editor context without a server or stores, for a plugin's own tests: the process's engine,
 * a seeded stream, a live abort signal, the default limits and the built-in preprocessors.
 */
export async function createTestContext(options: TestContextOptions = {}): Promise<EditorContext> {
  const engine = await initEngine(options.backend ?? 'wasm');
  const registry = new PluginRegistry();
  registry.register(imagePlugin);
  const seed = options.seed ?? 42;
  const stepId = options.stepId ?? 'test';
  const checkpoint = options.checkpoint ?? (async () => notAvailable('ctx.checkpoint'));
  const config = loadConfig({ cwd: '/nonexistent', env: {}, overrides: { inputRoots: options.inputRoots ?? [] } });
  const inputs = new InputFiles(config);
  const ctx: EditorContext = {
    tf,
    engine: engine.report(),
    stepId,
    seed,
    random: createRandom(seed),
    signal: new AbortController().signal,
    limits: { ...config.limits, ...options.limits },
    logger: silentLogger,
    progress() {},
    record(key, value) {
      if (options.records) options.records[key] = value;
    },
    checkpoint,
    open: checkpointOpener(stepId, checkpoint),
    dataset: options.dataset ?? (async () => notAvailable('ctx.dataset')),
    artifact: options.artifact ?? (async () => notAvailable('ctx.artifact')),
    readInput: (file, field) => inputs.read(file, field),
    async preprocess(id, batch, params = {}) {
      const preprocessor = registry.preprocessor(id) ?? notAvailable(`preprocessor "${id}"`);
      return preprocessor.apply(ctx, batch, preprocessor.params.parse(params));
    },
  };
  return ctx;
}

/**
 * Validates raw params with the component's schema as a pipeline does — a BAD_USER_INPUT error
 * naming every offending field (`details.issues`) — and returns the parsed values.
 */
export function parseParams<P>(component: { id: string; params: z.ZodType<P> }, raw: unknown): P {
  const result = component.params.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: ['with', ...issue.path].join('.'), message: issue.message }));
  throw new AtelierError('BAD_USER_INPUT', `${component.id}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
    path: issues[0]?.path,
    issues,
  });
}

/** Validates raw params with the editor's schema, as the pipeline does, then applies it. */
export async function applyEditor<P>(editor: Editor<P>, ctx: EditorContext, batches: ImageBatch[], raw: Record<string, unknown> = {}): Promise<ImageBatch> {
  return editor.apply(ctx, batches, parseParams(editor, raw));
}

export async function applyPreprocessor<P>(
  preprocessor: Preprocessor<P>,
  ctx: EditorContext,
  batch: ImageBatch,
  raw: Record<string, unknown> = {},
): Promise<ImageBatch> {
  return preprocessor.apply(ctx, batch, parseParams(preprocessor, raw));
}

/** A deterministic, non-constant `[n, h, w, c]` unit batch: every pixel differs from its neighbours. */
export function rampBatch(count: number, height: number, width: number, channels: 1 | 3 = 3): ImageBatch {
  const values = new Float32Array(count * height * width * channels);
  for (let i = 0; i < values.length; i++) values[i] = ((i * 37) % 101) / 100;
  return {
    images: tf.tensor4d(values, [count, height, width, channels]),
    meta: Array.from({ length: count }, (_, i) => ({ source: `ramp-${i}` })),
    range: 'unit',
  };
}

/** The path of each issue a params schema finds in `raw` (empty when it is valid), e.g. `['sigma']`. */
export function issuePaths(schema: z.ZodType, raw: unknown): string[] {
  const result = schema.safeParse(raw);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}
