import sharp from 'sharp';
import type { Atelier } from '../atelier.js';
import type { ImageShape } from '@atelier/plugin-api';
import type { RunRecord } from '../contracts/records.js';

/** Count, size and channels of one step's stored images, read back from the PNG files. */
async function storedShape(atelier: Atelier, runId: string, stepId: string): Promise<ImageShape> {
  const images = atelier.artifacts.list(runId).filter((a) => a.stepId === stepId && a.kind === 'image');
  const sizes = new Set(images.map((a) => `${a.width}x${a.height}`));
  if (sizes.size > 1) throw new Error(`Step ${stepId} stored images of several sizes: ${[...sizes].join(', ')}`);
  const first = images[0];
  const channels = first ? (await sharp(atelier.artifacts.absolutePath(first)).metadata()).channels : null;
  return { count: images.length, width: first?.width ?? null, height: first?.height ?? null, channels: channels as 1 | 3 | null };
}

/** Where a stored shape breaks its declaration: a different field, or more images than a declared maximum. */
function mismatch(step: string, declared: ImageShape | null, stored: ImageShape): string | null {
  // An empty batch stored no file to measure; only its count can be compared.
  const fields = stored.count === 0 ? (['count'] as const) : (['count', 'width', 'height', 'channels'] as const);
  const wrong = fields.filter((field) =>
    field === 'count' && declared?.countIsMaximum ? stored.count! > declared.count! : declared?.[field] !== stored[field],
  );
  return wrong.length === 0 ? null : `${step}: declared ${JSON.stringify(declared)}, stored ${JSON.stringify(stored)}`;
}

/**
 * Validates a spec, runs it, and returns, for every step that stores its images, the shape its
 * component declared beside the shape its images really have, and each step where they disagree.
 */
export async function declaredAndStoredShapes(
  atelier: Atelier,
  spec: { steps: ({ id: string; save?: boolean } & Record<string, unknown>)[] } & Record<string, unknown>,
): Promise<{ run: RunRecord; shapes: { step: string; declared: ImageShape | null; stored: ImageShape }[]; mismatches: string[] }> {
  const { issues, steps } = await atelier.checkPipeline(spec);
  if (issues.length > 0) throw new Error(`Spec is invalid: ${JSON.stringify(issues)}`);
  const run = await atelier.queue.wait((await atelier.submitPipeline(spec)).id);
  if (run.status !== 'succeeded') throw new Error(`Run ${run.id} ${run.status}: ${JSON.stringify(run.error)}`);
  const saved = spec.steps.filter((step) => step.save !== false);
  const shapes = await Promise.all(
    saved.map(async (step) => ({
      step: step.id,
      declared: steps.find((s) => s.step === step.id)!.shape,
      stored: await storedShape(atelier, run.id, step.id),
    })),
  );
  const mismatches = shapes.flatMap(({ step, declared, stored }) => mismatch(step, declared, stored) ?? []);
  return { run, shapes, mismatches };
}
