/** A pipeline spec as the compose page edits it (the JSON the server validates and runs). */
export interface StepSpec {
  id: string;
  use: string;
  with?: Record<string, unknown>;
  from?: string[];
  save?: boolean;
}

export interface PipelineSpec {
  name?: string;
  seed?: number;
  steps: StepSpec[];
}

export const emptySpec: PipelineSpec = { name: 'my-pipeline', steps: [] };

/** A step id from the component id's last word, unique within the spec (`sharpen`, `sharpen-2`). */
export function newStepId(use: string, steps: StepSpec[]): string {
  const base = use.split('.').pop()!.replace(/[^\w-]/g, '-');
  const taken = new Set(steps.map((s) => s.id));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

/** Issues of one step keyed by parameter (`with.sigma` → `sigma`); the rest under ''. */
export function issuesByField(issues: { step: string | null; path: string; message: string }[], stepId: string): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const issue of issues.filter((i) => i.step === stepId)) {
    const [head, name] = issue.path.split('.');
    const key = head === 'with' && name ? name : '';
    byField.set(key, [...(byField.get(key) ?? []), issue.message]);
  }
  return byField;
}
