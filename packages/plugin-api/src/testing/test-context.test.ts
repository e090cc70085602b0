import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEditor } from '../define-plugin.js';
import type { CheckpointRequirement } from '../types.js';
import type { CheckpointUse } from '../open-checkpoint.js';
import { applyEditor, createTestContext, rampBatch } from './test-context.js';

const probe = defineEditor<{ model: string }>({
  id: 'probe.open',
  title: 'Probe',
  description: 'Opens the checkpoint its `model` parameter names',
  params: z.strictObject({ model: z.string() }),
  inputs: 1,
  checkpoint: { families: ['x.family'], capability: 'generate', field: 'model' },
  async apply(ctx, [batch], { model }) {
    await ctx.open(model);
    return { images: batch.images.clone(), meta: batch.meta };
  },
});

describe('ctx.open in the test kit', () => {
  it('hands the stand-in the editor’s declared requirement and names its field in errors', async () => {
    const calls: [string, CheckpointRequirement, CheckpointUse][] = [];
    const ctx = createTestContext({
      stepId: 'p',
      checkpoint: async (ref, requirement, use) => {
        calls.push([ref, requirement, use]);
        throw new Error('stand-in');
      },
    });
    const batch = rampBatch(1, 2, 2, 1);
    await expect(applyEditor(probe, ctx, [batch], { model: 'm1' })).rejects.toThrow('stand-in');
    expect(calls).toEqual([['m1', { families: ['x.family'], capability: 'generate', field: 'model' }, { step: 'p', component: 'probe.open', path: 'with.model' }]]);
    batch.images.dispose();
  });
});
