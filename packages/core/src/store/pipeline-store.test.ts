import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestHome } from './__fixtures__/temp-home.js';
import { SqlitePipelineStore } from './pipeline-store.js';

describe('SqlitePipelineStore', () => {
  let home: ReturnType<typeof createTestHome>;
  beforeEach(() => (home = createTestHome()));
  afterEach(() => home.dispose());

  it('upserts by name, keeping the creation time and replacing the spec', () => {
    const pipelines = new SqlitePipelineStore(home.db, home.clock);
    const first = pipelines.save('sharpen', { steps: [1] });
    home.clock.advance(5000);
    const second = pipelines.save('sharpen', { steps: [2] });
    pipelines.save('another', {});
    expect(second).toEqual({ name: 'sharpen', spec: { steps: [2] }, createdAt: first.createdAt, updatedAt: '2025-01-01T00:00:05.000Z' });
    expect(pipelines.get('sharpen')).toEqual(second);
    expect(pipelines.get('missing')).toBeNull();
    expect(pipelines.list().map((p) => p.name)).toEqual(['another', 'sharpen']);
  });
});
