import { AtelierError } from '@atelier/plugin-api';

interface Contribution {
  /** Images of the global batch this rank trained on: its weight in the average. */
  count: number;
  /** How many values it wrote for the round. */
  length: number;
}

/**
 * The parent side of `ctx.allReduce` for one data-parallel run: a barrier. Each rank writes its
 * round's values to its shared file (`SharedRounds`) and reports here; once all have, every rank
 * is told the shard sizes and averages the files itself. No values pass through this process.
 */
export class GradientExchange {
  private round = 0;
  private finishedRank: number | null = null;
  private readonly contributions: (Contribution | null)[];

  constructor(
    ranks: number,
    private readonly broadcast: (round: number, counts: number[]) => void,
  ) {
    this.contributions = new Array(ranks).fill(null);
  }

  contribute(rank: number, round: number, contribution: Contribution): void {
    if (this.finishedRank !== null) throw this.unmatched(this.finishedRank);
    if (round !== this.round || this.contributions[rank]) {
      throw new AtelierError('INTERNAL', `Rank ${rank} sent round ${round} while round ${this.round} is open`, { rank, round });
    }
    const first = this.contributions.find((c) => c !== null);
    if (first && first.length !== contribution.length) {
      throw new AtelierError('INTERNAL', `Rank ${rank} sent ${contribution.length} values where the others sent ${first.length}`, { rank, round });
    }
    this.contributions[rank] = { count: contribution.count, length: contribution.length };
    if (this.contributions.some((c) => c === null)) return;
    const counts = this.contributions.map((c) => c!.count);
    this.contributions.fill(null);
    this.round++;
    this.broadcast(round, counts);
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
