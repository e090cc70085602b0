import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { paramIssues } from './params.js';

describe('paramIssues', () => {
  const schema = z.strictObject({ sigma: z.number().max(8), crop: z.strictObject({ width: z.number() }).optional() });

  it('names each unknown key as its own field, and other problems at their path', () => {
    const { error } = schema.safeParse({ sigma: 9, topk: 3, sigmaa: 1, crop: { width: 'x', heigth: 2 } });
    expect(paramIssues('with', error!).map((issue) => issue.path).sort()).toEqual(['with.crop.heigth', 'with.crop.width', 'with.sigma', 'with.sigmaa', 'with.topk']);
    expect(paramIssues('with', error!).find((issue) => issue.path === 'with.topk')?.message).toBe('Unrecognized key: "topk"');
  });
});
