import { describe, expect, it } from 'vitest';
import { GradientExchange } from './gradient-exchange.js';

function exchangeOf(ranks: number) {
  const sent: { round: number; counts: number[] }[] = [];
  const exchange = new GradientExchange(ranks, (round, counts) => sent.push({ round, counts }));
  return { exchange, sent };
}

describe('GradientExchange', () => {
  it('opens each round once every rank has written, with the shard sizes in rank order whichever reports first', () => {
    const results = [
      [0, 1],
      [1, 0],
    ].map((order) => {
      const { exchange, sent } = exchangeOf(2);
      const contributions = [
        { count: 3, length: 2 },
        { count: 1, length: 2 },
      ];
      for (const rank of order) {
        expect(sent).toHaveLength(0);
        exchange.contribute(rank, 0, contributions[rank]);
      }
      exchange.contribute(0, 1, contributions[0]);
      exchange.contribute(1, 1, contributions[1]);
      return sent;
    });
    expect(results[0]).toEqual([
      { round: 0, counts: [3, 1] },
      { round: 1, counts: [3, 1] },
    ]);
    expect(results[1]).toEqual(results[0]);
  });

  it('refuses a round out of turn, a second contribution and a length that differs', () => {
    const { exchange } = exchangeOf(2);
    expect(() => exchange.contribute(0, 1, { count: 1, length: 1 })).toThrow(/round 1 while round 0/);
    exchange.contribute(0, 0, { count: 1, length: 1 });
    expect(() => exchange.contribute(0, 0, { count: 1, length: 1 })).toThrow(/round 0/);
    expect(() => exchange.contribute(1, 0, { count: 1, length: 2 })).toThrow(/2 values where the others sent 1/);
  });

  it('fails instead of hanging when a rank finishes while another waits in a round, or starts one after', () => {
    const waiting = exchangeOf(2).exchange;
    waiting.contribute(1, 0, { count: 1, length: 1 });
    expect(() => waiting.rankFinished(0)).toThrow(/different numbers of optimizer steps/);
    const late = exchangeOf(2).exchange;
    late.rankFinished(0);
    expect(() => late.contribute(1, 0, { count: 1, length: 1 })).toThrow(/different numbers of optimizer steps/);
  });
});
