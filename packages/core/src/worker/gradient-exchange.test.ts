import { describe, expect, it } from 'vitest';
import { GradientExchange } from './gradient-exchange.js';

function exchangeOf(ranks: number) {
  const sent: { round: number; values: number[] }[] = [];
  const exchange = new GradientExchange(ranks, (round, values) => sent.push({ round, values: Array.from(values) }));
  return { exchange, sent };
}

describe('GradientExchange', () => {
  it('averages each round weighted by shard size, the same whichever rank reports first', () => {
    const results = [
      [0, 1],
      [1, 0],
    ].map((order) => {
      const { exchange, sent } = exchangeOf(2);
      const contributions = [
        { values: Float32Array.of(1, 0.1), count: 3 },
        { values: Float32Array.of(4, 0.7), count: 1 },
      ];
      for (const rank of order) exchange.contribute(rank, 0, contributions[rank]);
      return sent;
    });
    expect(results[0]).toHaveLength(1);
    expect(results[0][0].round).toBe(0);
    expect(results[0][0].values[0]).toBeCloseTo(0.75 * 1 + 0.25 * 4, 6);
    expect(results[0][0].values[1]).toBeCloseTo(0.75 * 0.1 + 0.25 * 0.7, 6);
    expect(results[1]).toEqual(results[0]);
  });

  it('refuses a round out of turn, a second contribution and a length that differs', () => {
    const { exchange } = exchangeOf(2);
    expect(() => exchange.contribute(0, 1, { values: Float32Array.of(1), count: 1 })).toThrow(/round 1 while round 0/);
    exchange.contribute(0, 0, { values: Float32Array.of(1), count: 1 });
    expect(() => exchange.contribute(0, 0, { values: Float32Array.of(1), count: 1 })).toThrow(/round 0/);
    expect(() => exchange.contribute(1, 0, { values: Float32Array.of(1, 2), count: 1 })).toThrow(/2 values where the others sent 1/);
  });

  it('fails instead of hanging when a rank finishes while another waits in a round, or starts one after', () => {
    const waiting = exchangeOf(2).exchange;
    waiting.contribute(1, 0, { values: Float32Array.of(1), count: 1 });
    expect(() => waiting.rankFinished(0)).toThrow(/different numbers of optimizer steps/);
    const late = exchangeOf(2).exchange;
    late.rankFinished(0);
    expect(() => late.contribute(1, 0, { values: Float32Array.of(1), count: 1 })).toThrow(/different numbers of optimizer steps/);
  });
});
