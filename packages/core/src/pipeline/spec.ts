import { z } from 'zod';

const stepIdPattern = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/** Steps of one pipeline; a step's `from` can name no more steps than there are. */
export const maxPipelineSteps = 100;

export const pipelineStepSchema = z
  .object({
    id: z.string().regex(stepIdPattern, 'step ids are 1–64 letters, digits, "_" or "-", starting with a letter or "_"'),
    use: z.string().min(1),
    with: z.record(z.string(), z.unknown()).default({}),
    /** Earlier steps feeding this one; default: the previous step (none for a source step). */
    from: z.array(z.string()).max(maxPipelineSteps, `a step takes at most ${maxPipelineSteps} inputs`).optional(),
    /** Store this step's output images as artifacts (default true). */
    save: z.boolean().default(true),
    /** Reuse this step's stored output when nothing it depends on changed (default true). */
    cache: z.boolean().optional(),
  })
  .strict();

export const pipelineSpecSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
    steps: z.array(pipelineStepSchema).min(1).max(maxPipelineSteps, `a pipeline has at most ${maxPipelineSteps} steps`),
    /** `false` computes every step of the run afresh and stores nothing in the step cache. */
    cache: z.boolean().optional(),
  })
  .strict();

export type PipelineStep = z.infer<typeof pipelineStepSchema>;
export type PipelineSpec = z.infer<typeof pipelineSpecSchema>;
/** A spec as a person writes it: defaults (`with`, `save`) may be left out. */
export type PipelineSpecInput = z.input<typeof pipelineSpecSchema>;
