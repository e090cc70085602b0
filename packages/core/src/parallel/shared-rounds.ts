import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParallelRank, RoundValues } from './all-reduce.js';

/** Each rank's two files (even and odd rounds), by rank. */
export type RoundFiles = [even: string, odd: string][];

// Room asked of /dev/shm per file: the gradients of a model of 8 M parameters.
const roomPerFile = 32 * 2 ** 20;

/**
 * Where one run's ranks leave their values: tmpfs (`/dev/shm`, memory shared by every process)
 * where the machine has one with room (containers often get 64 MiB), else the temp folder, whose
 * page cache serves the same bytes without waiting on the disk.
 */
export function roundFiles(runId: string, workers: number): RoundFiles {
  const folder = hasRoom('/dev/shm', 2 * workers * roomPerFile) ? '/dev/shm' : os.tmpdir();
  return Array.from({ length: workers }, (_, rank) => [0, 1].map((parity) => path.join(folder, `atelier-${runId}-rank${rank}-${parity}.f32`)) as [string, string]);
}

function hasRoom(folder: string, bytes: number): boolean {
  try {
    fs.accessSync(folder, fs.constants.W_OK);
    const stats = fs.statfsSync(folder);
    return stats.bavail * stats.bsize > bytes;
  } catch {
    return false;
  }
}

export function removeRoundFiles(files: RoundFiles): void {
  for (const file of files.flat()) fs.rmSync(file, { force: true });
}

/**
 * One rank's side of `ctx.allReduce` through shared files: it writes its flat values for a round
 * into its own file, the parent tells every rank when all have written (a small IPC message, no
 * values), and each rank reads the others'. Every rank then averages the same bytes in rank order,
 * so all end with identical values, and the parent copies nothing.
 *
 * A rank's files alternate by round parity: a rank that has moved on to round r + 1 cannot overwrite
 * its round-r values while another still reads them, because round r + 1 completes only once that
 * other rank has read round r and written its own r + 1.
 */
export class SharedRounds {
  private readonly descriptors = new Map<string, number>();
  /** Another rank's values are read into one array per rank and length, reused every round. */
  private readonly received = new Map<string, Float32Array>();

  constructor(
    private readonly files: RoundFiles,
    private readonly rank: number,
  ) {
    // Truncated now, so no value of an earlier run with the same id can be read back.
    for (const file of files[rank]) this.descriptors.set(file, fs.openSync(file, 'w+'));
  }

  write(round: number, values: Float32Array): void {
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    const fd = this.descriptor(this.rank, round);
    for (let written = 0; written < bytes.length; ) written += fs.writeSync(fd, bytes, written, bytes.length - written, written);
  }

  /** Every rank's values of this round, in rank order; `own` is this rank's. Valid until the next round of the same length. */
  readAll(round: number, own: Float32Array): Float32Array[] {
    return this.files.map((_, rank) => (rank === this.rank ? own : this.read(rank, round, own.length)));
  }

  close(): void {
    for (const fd of this.descriptors.values()) fs.closeSync(fd);
    this.descriptors.clear();
  }

  private read(rank: number, round: number, length: number): Float32Array {
    const key = `${rank}:${length}`;
    const values = this.received.get(key) ?? new Float32Array(length);
    this.received.set(key, values);
    const bytes = new Uint8Array(values.buffer);
    const fd = this.descriptor(rank, round);
    for (let read = 0; read < bytes.length; ) {
      const got = fs.readSync(fd, bytes, read, bytes.length - read, read);
      if (got === 0) throw new Error(`Rank ${rank}'s values of round ${round} end after ${read} of ${bytes.length} bytes`);
      read += got;
    }
    return values;
  }

  /** Another rank's file is opened on first read: by then it has written it. */
  private descriptor(rank: number, round: number): number {
    const file = this.files[rank][round % 2];
    let fd = this.descriptors.get(file);
    if (fd === undefined) {
      fd = fs.openSync(file, 'r');
      this.descriptors.set(file, fd);
    }
    return fd;
  }
}

export type SharedRank = ParallelRank & { close(): void };

/**
 * A rank that exchanges through its run's shared files: `report` tells the parent this rank has
 * written a round (its shard size and value count) and resolves with every rank's shard size once
 * all have.
 */
export function sharedRank(files: RoundFiles, rank: number, report: (round: number, count: number, length: number) => Promise<number[]>): SharedRank {
  const rounds = new SharedRounds(files, rank);
  return {
    rank,
    workers: files.length,
    async exchange(round, values, count) {
      rounds.write(round, values);
      const counts = await report(round, count, values.length);
      return { values: rounds.readAll(round, values), counts } satisfies RoundValues;
    },
    close: () => rounds.close(),
  };
}
