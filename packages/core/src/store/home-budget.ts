import { assertHomeRoom } from './home-usage.js';

/** How long one measurement of the home stands for new runs (a walk of a large home takes a while). */
const measureEveryMs = 5_000;

/**
 * Refuses new runs while the home is over `limits.maxHomeBytes`: a run writes artifacts, and
 * nothing it writes may take the home further past its budget. The measurement is shared by the
 * runs submitted within a few seconds, so a burst of submissions walks the home once.
 */
export class HomeBudget {
  private last: { at: number; check: Promise<void> } | null = null;

  constructor(
    private readonly home: string,
    private readonly maxHomeBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  assertRoomForRun(): Promise<void> {
    const now = this.now();
    if (!this.last || now - this.last.at > measureEveryMs) {
      this.last = { at: now, check: assertHomeRoom(this.home, 0, this.maxHomeBytes, 'A new run') };
    }
    return this.last.check;
  }
}
