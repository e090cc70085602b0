import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../../contracts/tokens.js';
import { openDatabase } from '../database.js';
import type { Database } from '../../contracts/records.js';

/** A clock tests move by hand, so times (and ties between them) are exact. */
export class ManualClock implements Clock {
  private time: number;

  constructor(start = '2025-01-01T00:00:00.000Z') {
    this.time = Date.parse(start);
  }

  now(): Date {
    return new Date(this.time);
  }

  advance(ms: number): void {
    this.time += ms;
  }
}

/** A fresh home folder with a migrated database; `dispose` closes it and removes the folder. */
export function createTestHome(): { db: Database; clock: ManualClock; home: string; dispose(): void } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-store-'));
  const db = openDatabase(home);
  return {
    db,
    clock: new ManualClock(),
    home,
    dispose() {
      db.close();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
