import { AtelierError } from '../errors.js';

interface Contribution {
  values: Float32Array;
  /** Images of the global batch this rank trained on: its weight in the average. */
  count: number;
}

/**
 * The parent side of `ctx.allReduce` for one data-parallel run: collects every rank's flat values
 * for a round, then sends all ranks their average weighted by shard size. Ranks are summed in rank
 * order, so the result (and the run's checkpoint) does not depend on which rank reported first.
 */
export class GradientExchange {
  private round = 0;
  private finishedRank: number | null = null;
  private readonly contributions: (Contribution | null)[];

  constructor(
    ranks: number,
    private readonly broadcast: (round: number, values: Float32Array) => void,
  ) {
    this.contributions = new Array(ranks).fill(null);
  }

  contribute(rank: number, round: number, contribution: Contribution): void {
    if (this.finishedRank !== null) throw this.unmatched(this.finishedRank);
    if (round !== this.round || this.contributions[rank]) {
      throw new AtelierError('INTERNAL', `Rank ${rank} sent round ${round} while round ${this.round} is open`, { rank, round });
    }
    const first = this.contributions.find((c) => c !== null);
    if (first && first.values.length !== contribution.values.length) {
      throw new AtelierError('INTERNAL', `Rank ${rank} sent ${contribution.values.length} values where the others sent ${first.values.length}`, { rank, round });
    }
    this.contributions[rank] = contribution;
    if (this.contributions.some((c) => c === null)) return;
    const all = [...this.contributions] as Contribution[];
    this.contributions.fill(null);
    this.round++;
    this.broadcast(round, averageInRankOrder(all));
  }

  /**
   * A rank's loop ended. The others must not be waiting in a round it will never join (their loops
   * called `allReduce` more often), nor start one after: either fails the run instead of hanging.
   */
  rankFinished(rank: number): void {
    this.finishedRank = rank;
    if (this.contributions.some((c) => c !== null)) throw this.unmatched(rank);
  }

  private unmatched(rank: number): AtelierError {
    return new AtelierError('INTERNAL', `Rank ${rank} finished training while another waits in allReduce round ${this.round}: the ranks' loops took different numbers of optimizer steps`, {
      rank,
      round: this.round,
    });
  }
}

function averageInRankOrder(contributions: Contribution[]): Float32Array {
  const total = contributions.reduce((sum, c) => sum + c.count, 0);
  const out = new Float32Array(contributions[0].values.length);
  for (const { values, count } of contributions) {
    const weight = Math.fround(count / total);
    for (let i = 0; i < out.length; i++) out[i] += weight * values[i];
  }
  return out;
}
