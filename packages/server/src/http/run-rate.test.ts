import { describe, expect, it } from 'vitest';
import { RunRate } from './run-rate.js';

describe('RunRate', () => {
  it('refuses the run past the per-minute limit per client, and admits again once the minute has passed', () => {
    let now = 0;
    const rate = new RunRate(2, () => now);
    rate.admit('a');
    rate.admit('a');
    expect(() => rate.admit('a')).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED', details: expect.objectContaining({ limit: 2 }) }));
    rate.admit('b');
    now = 59_999;
    expect(() => rate.admit('a')).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
    now = 60_000;
    rate.admit('a');
    rate.admit('a');
    expect(() => rate.admit('a')).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
  });

  it('counts every run of a batch, admitting all of them or none', () => {
    const rate = new RunRate(10, () => 0);
    rate.admit('a', 8);
    expect(() => rate.admit('a', 3)).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
    rate.admit('a', 2);
    expect(() => rate.admit('a')).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
  });
});
