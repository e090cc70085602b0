/** Tracks the best validation loss; `stop` turns true after `patience` epochs without a new best. */
export interface EarlyStopping {
  readonly best: number;
  readonly epochsWithoutImprovement: number;
  /** Records one epoch's validation loss; returns whether it is a new best. */
  update(validationLoss: number): boolean;
  readonly stop: boolean;
}

export function createEarlyStopping(patience: number, from: { best?: number; epochsWithoutImprovement?: number } = {}): EarlyStopping {
  let best = from.best ?? Infinity;
  let stale = from.epochsWithoutImprovement ?? 0;
  return {
    get best() {
      return best;
    },
    get epochsWithoutImprovement() {
      return stale;
    },
    get stop() {
      // Patience 0 means "never stop early", not "stop after the first epoch".
      return patience > 0 && stale >= patience;
    },
    update(validationLoss) {
      if (validationLoss < best) {
        best = validationLoss;
        stale = 0;
        return true;
      }
      stale++;
      return false;
    },
  };
}
