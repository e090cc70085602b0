import { type Editor, type ImageShape, imageSizeExcess, type Limits, type OutputShape, type Preprocessor, type ShapeContext, unknownShape } from '@atelier/plugin-api';
import type { PipelineStep } from './spec.js';

/** A step's output shape as validation reports it to clients. */
export interface StepShape {
  step: string;
  use: string;
  shape: ImageShape | null;
}

type AddIssue = (path: string, code: string, message: string) => void;

/**
 * What a step will produce, from its component's declaration; inputs whose shape is unknown (their
 * step failed validation) are passed as unknown. A component that declares nothing yields an
 * unknown shape: its output is then checked only after it has computed, as it always was.
 */
export function declaredShape(
  component: Editor<any> | Preprocessor<any>,
  ctx: ShapeContext,
  inputs: (ImageShape | undefined)[],
  params: Record<string, unknown>,
): { shape: ImageShape; setBy: NonNullable<OutputShape['setBy']> } {
  const known = inputs.map((input) => input ?? unknownShape);
  const declared =
    component.kind === 'editor'
      ? component.outputShape?.(ctx, known, params)
      : component.outputShape?.(ctx, known[0] ?? unknownShape, params);
  if (!declared) return { shape: { ...unknownShape }, setBy: {} };
  const { setBy = {}, countIsMaximum, count, width, height, channels } = declared;
  return { shape: { count, width, height, channels, ...(countIsMaximum ? { countIsMaximum } : {}) }, setBy };
}

/** The run so far: images its saving steps store, and steps already refused for a limit. */
export interface LimitTally {
  saved: number;
  refused: Set<string>;
}

/**
 * Refuses a declared output past the size and count limits, naming the field behind the size, and
 * adds the images a saving step stores to the run's tally. Unknown sizes pass (they are checked after
 * compute); a size taken from an input already refused is that input's problem, reported there once.
 */
export function checkShapeLimits(
  output: { shape: ImageShape; setBy: NonNullable<OutputShape['setBy']> },
  step: PipelineStep & { from: string[] },
  tally: LimitTally,
  limits: Limits,
  addIssue: AddIssue,
): void {
  const { shape, setBy } = output;
  const inputRefused = step.from.some((ref) => tally.refused.has(ref));
  const add: AddIssue = (path, code, message) => {
    if (path === 'from' && inputRefused) return;
    tally.refused.add(step.id);
    addIssue(path, code, message);
  };
  const { count, width, height } = shape;
  const upTo = shape.countIsMaximum ? 'up to ' : '';
  // An unknown side fits every limit here: it is checked once the step has computed.
  const excess = imageSizeExcess(limits, width ?? 0, height ?? 0);
  if (excess) {
    const path = excess.side === 'height' ? setBy.height : setBy.width;
    add(path ?? 'from', 'LIMIT_EXCEEDED', `${step.use} would produce ${width ?? '?'}×${height ?? '?'} images; ${excess.reason}`);
  }
  if (count !== null && count > limits.maxImagesPerStep) {
    add(setBy.count ?? 'from', 'LIMIT_EXCEEDED', `${step.use} would produce ${upTo}${count} images; maxImagesPerStep is ${limits.maxImagesPerStep}`);
  }
  if (!step.save || count === null) return;
  const before = tally.saved;
  tally.saved += count;
  // Reported once, at the step that crosses the limit; unknown counts add nothing until they run.
  if (before <= limits.maxImagesPerRun && tally.saved > limits.maxImagesPerRun) {
    addIssue(
      setBy.count ?? 'save',
      'LIMIT_EXCEEDED',
      `the run would store ${upTo}${tally.saved} images by this step; maxImagesPerRun is ${limits.maxImagesPerRun} (set "save": false on steps whose images are not needed)`,
    );
  }
}

/**
 * Refuses inputs of a multi-input step that disagree in size or count (a blend of 48×40 and 32×32
 * images, a mask that is not its image's size): no preprocessing would fix them. Inputs of unknown
 * size are checked by the component once they exist.
 */
export function checkInputShapes(component: Editor<any> | Preprocessor<any>, use: string, from: string[], shapes: Map<string, ImageShape>, addIssue: AddIssue): void {
  if (component.kind !== 'editor' || from.length < 2) return;
  const name = (i: number) => `${component.inputNames?.[i] ?? `input ${i + 1}`} ("${from[i]}")`;
  const first = shapes.get(from[0]);
  from.slice(1).forEach((ref, k) => {
    const i = k + 1;
    const other = shapes.get(ref);
    if (!first || !other) return;
    const known = [first.width, first.height, other.width, other.height].every((n) => n !== null);
    if (known && (first.width !== other.width || first.height !== other.height)) {
      addIssue(
        `from[${i}]`,
        'INPUT_SIZE_MISMATCH',
        `${name(i)} gives ${other.width}×${other.height} images and ${name(0)} ${first.width}×${first.height}; ${use} takes inputs of one size`,
      );
    } else if (component.inputCounts !== 'any' && first.count !== null && other.count !== null && !first.countIsMaximum && !other.countIsMaximum && first.count !== other.count) {
      addIssue(`from[${i}]`, 'INPUT_COUNT_MISMATCH', `${name(i)} gives ${other.count} images and ${name(0)} ${first.count}; ${use} takes inputs of one count`);
    }
  });
}
