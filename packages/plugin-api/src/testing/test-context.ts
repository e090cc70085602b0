import type { z } from 'zod';
import type { BackendName, EngineReport } from '../engine-report.js';
import { AtelierError } from '../errors.js';
import type { ImageBatch } from '../image-batch.js';
import { silentLogger } from '../logger.js';
import { type CheckpointLoader, checkpointOpener } from '../open-checkpoint.js';
import { createRandom } from '../random.js';
import { tf } from '../tf.js';
import { defaultLimits, type Editor, type EditorContext, type Limits, type Preprocessor } from '../types.js';
import { paramIssues } from '../params.js';

export interface TestContextOptions {
  seed?: number;
  stepId?: string;
  limits?: Partial<Limits>;
  /** What `ctx.engine` reports (by default, tfjs's current backend). */
  engine?: EngineReport;
  /** Preprocessors `ctx.preprocess` may run, by id (none by default). */
  preprocessors?: Preprocessor<any>[];
  /** Stands in for the data set store; without it `ctx.dataset` throws. */
  dataset?: EditorContext['dataset'];
  /** Stands in for the artifact store; without it `ctx.artifact` throws. */
  artifact?: EditorContext['artifact'];
  /**
   * Stands in for the host's checkpoint loading behind `ctx.open`; without it `ctx.open` throws. Under
   * `applyEditor` it gets the editor's declared requirement, as the host's loader does; checking it is up to the stand-in.
   */
  checkpoint?: CheckpointLoader;
  /** Stands in for the input folders; without it `ctx.readInput` throws. */
  readInput?: EditorContext['readInput'];
  /** Receives what the component records with `ctx.record`. */
  records?: Record<string, unknown>;
}

/** How each test context opens checkpoints for a given editor declaration, so `applyEditor` can bind its editor's. */
const openers = new WeakMap<EditorContext, (editor?: Editor<any>) => EditorContext['open']>();

function notAvailable(what: string): never {
  throw new AtelierError('NOT_FOUND', `${what} is not available in this test`);
}

/**
 * A real editor context without a host: tfjs on whatever backend the process set (its CPU backend
 * by default), a seeded stream, a live abort signal and the default limits. Enough to run one
 * component on given images in a plugin's own tests.
 */
export function createTestContext(options: TestContextOptions = {}): EditorContext {
  const seed = options.seed ?? 42;
  const stepId = options.stepId ?? 'test';
  const checkpoint = options.checkpoint ?? (async () => notAvailable('ctx.open'));
  const opener = (editor?: Editor<any>) => checkpointOpener({ step: stepId, component: editor?.id ?? 'test' }, editor?.checkpoint, checkpoint);
  const preprocessors = new Map((options.preprocessors ?? []).map((p) => [p.id, p]));
  const ctx: EditorContext = {
    tf,
    engine: options.engine ?? { backend: tf.getBackend() as BackendName, tfjsVersion: tf.version.tfjs, native: false, simd: false, threads: 1, gpu: null, skipped: [], kernels: [] },
    stepId,
    seed,
    random: createRandom(seed),
    signal: new AbortController().signal,
    limits: { ...defaultLimits, ...options.limits },
    logger: silentLogger,
    progress() {},
    record(key, value) {
      if (options.records) options.records[key] = value;
    },
    open: opener(),
    dataset: options.dataset ?? (async () => notAvailable('ctx.dataset')),
    artifact: options.artifact ?? (async () => notAvailable('ctx.artifact')),
    readInput: options.readInput ?? (async () => notAvailable('ctx.readInput')),
    async preprocess(id, batch, params = {}) {
      const preprocessor = preprocessors.get(id) ?? notAvailable(`preprocessor "${id}"`);
      return preprocessor.apply(ctx, batch, preprocessor.params.parse(params));
    },
  };
  openers.set(ctx, opener);
  return ctx;
}

/**
 * Validates raw params with the component's schema as a pipeline does — a BAD_USER_INPUT error
 * naming every offending field (`details.issues`) — and returns the parsed values.
 */
export function parseParams<P>(component: { id: string; params: z.ZodType<P> }, raw: unknown): P {
  const result = component.params.safeParse(raw);
  if (result.success) return result.data;
  const issues = paramIssues('with', result.error);
  throw new AtelierError('BAD_USER_INPUT', `${component.id}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
    path: issues[0]?.path,
    issues,
  });
}

/** Validates raw params with the editor's schema, as the pipeline does, then applies it. */
export async function applyEditor<P>(editor: Editor<P>, ctx: EditorContext, batches: ImageBatch[], raw: Record<string, unknown> = {}): Promise<ImageBatch> {
  const open = openers.get(ctx)?.(editor);
  return editor.apply(open ? { ...ctx, open } : ctx, batches, parseParams(editor, raw));
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
