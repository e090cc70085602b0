import { describe, expect, it } from 'vitest';
import { expandSweep, parseSeeds, sweepSize } from './sweep.js';

const spec = { steps: [{ id: 'load', with: {} }, { id: 'sharpen', with: { sigma: 1 } }] };

describe('sweeps', () => {
  it('parses seed ranges and lists, and refuses what is no seed', () => {
    expect(parseSeeds('1..4')).toEqual([1, 2, 3, 4]);
    expect(parseSeeds('7, 2..3,9')).toEqual([7, 2, 3, 9]);
    expect(() => parseSeeds('4..1')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: { path: 'seeds' } }));
    expect(() => parseSeeds('x')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => parseSeeds('1..1000000')).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
  });

  it('multiplies seeds by every combination, or zips lists of one length, without touching the spec', () => {
    const params = [
      { path: 'steps.sharpen.with.sigma', values: [0.5, 2] },
      { path: 'steps.1.with.amount', values: [1, 3] },
    ];
    expect(sweepSize({ seeds: [1, 2, 3], params })).toBe(12);
    const zipped = expandSweep(spec, { seeds: [5], params, mode: 'zip' }, 10);
    expect(zipped.map((v) => [v.seed, v.spec.seed, (v.spec.steps as { with: object }[])[1].with])).toEqual([
      [5, 5, { sigma: 0.5, amount: 1 }],
      [5, 5, { sigma: 2, amount: 3 }],
    ]);
    expect(spec.steps[1].with).toEqual({ sigma: 1 });
    expect(() => sweepSize({ params: [params[0], { path: 'name', values: [1, 2, 3] }], mode: 'zip' })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', details: { path: 'params' } }),
    );
  });

  it('refuses too many runs before building them, naming the limit', () => {
    expect(() => expandSweep(spec, { seeds: parseSeeds('1..9') }, 8)).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', details: { path: 'seeds', limit: 8, setting: 'limits.maxBatchRuns' } }),
    );
  });

  it('refuses a path through a prototype key before writing anything', () => {
    for (const path of ['__proto__.seed', 'steps.0.__proto__.seed', 'steps.sharpen.constructor.prototype.seed', 'steps.sharpen.with.prototype']) {
      expect(() => expandSweep(spec, { params: [{ path, values: [4242] }] }, 8), path).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', details: { path: 'params[0].path', value: path } }),
      );
    }
    expect(({} as Record<string, unknown>).seed).toBeUndefined();
    expect(spec.steps[1]).toEqual({ id: 'sharpen', with: { sigma: 1 } });
  });
});

