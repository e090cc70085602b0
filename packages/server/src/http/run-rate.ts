import { AtelierError } from '@atelier/core';

const windowMs = 60_000;

/**
 * Counts the runs each client (by remote address) queued in the last minute and refuses the one
 * past `maxPerMinute` before it is written. Old entries go as soon as their minute is over.
 */
export class RunRate {
  private readonly queued = new Map<string, number[]>();

  constructor(
    private readonly maxPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Admits `runs` runs at once (a batch), or none of them. */
  admit(client: string, runs = 1): void {
    const now = this.now();
    const recent = (this.queued.get(client) ?? []).filter((time) => now - time < windowMs);
    if (recent.length + runs > this.maxPerMinute) {
      this.queued.set(client, recent);
      throw new AtelierError('LIMIT_EXCEEDED', `This client queued ${recent.length} runs in the last minute; the limit is ${this.maxPerMinute}`, {
        limit: this.maxPerMinute,
        setting: 'limits.maxRunsPerClientPerMinute',
      });
    }
    for (let i = 0; i < runs; i++) recent.push(now);
    this.queued.set(client, recent);
    if (this.queued.size > 10_000) this.forgetIdle(now);
  }

  private forgetIdle(now: number): void {
    for (const [client, times] of this.queued) if (times.every((time) => now - time >= windowMs)) this.queued.delete(client);
  }
}
