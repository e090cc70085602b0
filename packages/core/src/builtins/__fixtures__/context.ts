import type { z } from 'zod';
import { loadConfig } from '../../config.js';
import { initEngine, type BackendName } from '../../engine/engine.js';
import { tf } from '../../engine/tf.js';
import { AtelierError } from '../../errors.js';
import type { ImageBatch } from '../../image/image-batch.js';
import { silentLogger } from '../../logger.js';
import { createRandom } from '../../pipeline/random.js';
import { PluginRegistry } from '../../plugins/registry.js';
import type { Editor, EditorContext, Preprocessor } from '../../plugins/types.js';
import { InputFiles } from '../../inputs/input-files.js';
import { imagePlugin } from '../index.js';

export interface TestContextOptions {
  seed?: number;
  stepId?: string;
  backend?: BackendName;
  /** Stands in for the data set store; without it `ctx.dataset` throws. */
  dataset?: EditorContext['dataset'];
  /** Folders `ctx.readInput` may read from (none by default). */
  inputRoots?: string[];
}

function notAvailable(what: string): never {
  throw new AtelierError('NOT_FOUND', `${what} is not available in this test`);
}

/**
 * A real editor context for tests of the built-ins: the process's engine, a seeded stream,
 * a live abort signal, the default limits and the image plugin's own preprocessors.
 */
export async function createTestContext(options: TestContextOptions = {}): Promise<EditorContext> {
  const engine = await initEngine(options.backend ?? 'wasm');
  const registry = new PluginRegistry();
  registry.register(imagePlugin);
  const seed = options.seed ?? 42;
  const config = loadConfig({ cwd: '/nonexistent', env: {}, overrides: { inputRoots: options.inputRoots ?? [] } });
  const inputs = new InputFiles(config);
  const ctx: EditorContext = {
    tf,
    engine: engine.report(),
    stepId: options.stepId ?? 'test',
    seed,
    random: createRandom(seed),
    signal: new AbortController().signal,
    limits: config.limits,
    logger: silentLogger,
    progress() {},
    record() {},
    checkpoint: async () => notAvailable('ctx.checkpoint'),
    dataset: options.dataset ?? (async () => notAvailable('ctx.dataset')),
    readInput: (file, field) => inputs.read(file, field),
    async preprocess(id, batch, params = {}) {
      const preprocessor = registry.preprocessor(id) ?? notAvailable(`preprocessor "${id}"`);
      return preprocessor.apply(ctx, batch, preprocessor.params.parse(params));
    },
  };
  return ctx;
}

/** Validates raw params with the editor's schema, as the pipeline does, then applies it. */
export function applyEditor<P>(editor: Editor<P>, ctx: EditorContext, batches: ImageBatch[], raw: Record<string, unknown> = {}): Promise<ImageBatch> {
  return editor.apply(ctx, batches, editor.params.parse(raw));
}

export async function applyPreprocessor<P>(
  preprocessor: Preprocessor<P>,
  ctx: EditorContext,
  batch: ImageBatch,
  raw: Record<string, unknown> = {},
): Promise<ImageBatch> {
  return preprocessor.apply(ctx, batch, preprocessor.params.parse(raw));
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
