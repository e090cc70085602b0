import type { RandomSource } from './types.js';

/** 32-bit FNV-1a; stable across engines and Node versions, unlike anything from `Math.random`. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes a parent seed with a label (a step id, "epoch-3") into an independent child seed. */
export function deriveSeed(seed: number, label: string): number {
  let z = (seed ^ hashString(label)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seeded stream (mulberry32): same seed, same sequence of numbers and child seeds. */
export function createRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    nextSeed: () => Math.floor(next() * 4294967296) >>> 0,
  };
}

/** A fresh run seed when the user gives none; recorded on the run so it can be replayed. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

/** Fisher–Yates shuffle of `0…n-1`, driven by a seeded stream. */
export function shuffledIndices(count: number, random: RandomSource): Int32Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
