import { AtelierError } from '@atelier/plugin-api';
import { prototypeSegment } from './prototype-keys.js';

/** One swept parameter: a dotted path into the spec (`steps.<step id>.with.<field>`) and its values. */
export interface SweepParam {
  path: string;
  values: unknown[];
}

/** How one spec becomes a batch of runs. */
export interface Sweep {
  seeds?: number[];
  params?: SweepParam[];
  /** `product` (default): every combination; `zip`: the i-th value of every list together (lists of one length). Seeds always multiply. */
  mode?: 'product' | 'zip';
  /** Once every run succeeded, lay their images out as one contact sheet run (a row per value, a column per seed). */
  contactSheet?: boolean;
}

/** One run of a batch: its spec, its seed (when swept) and the values that made it, by path. */
export interface SweepVariant {
  spec: Record<string, unknown>;
  seed?: number;
  values: Record<string, unknown>;
}

/** How many runs a sweep makes, computed before any of them is built. */
export function sweepSize(sweep: Sweep): number {
  const params = sweep.params ?? [];
  const seeds = sweep.seeds?.length ?? 1;
  if (params.length === 0) return seeds;
  if (sweep.mode === 'zip') {
    const lengths = new Set(params.map((p) => p.values.length));
    if (lengths.size > 1) {
      throw new AtelierError('BAD_USER_INPUT', `Zipped parameter lists must have one length; got ${params.map((p) => `${p.path}: ${p.values.length}`).join(', ')}`, {
        path: 'params',
      });
    }
    return seeds * params[0].values.length;
  }
  return params.reduce((n, p) => n * p.values.length, seeds);
}

/**
 * Expands a spec into the runs of a sweep, refusing more than `maxRuns` (LIMIT_EXCEEDED naming
 * `limits.maxBatchRuns`) before building any. Paths name steps by id: `steps.sharpen.with.sigma`.
 */
export function expandSweep(spec: Record<string, unknown>, sweep: Sweep, maxRuns: number): SweepVariant[] {
  const params = sweep.params ?? [];
  params.forEach((param, i) => {
    // Refused before any spec is copied or written: `__proto__.seed` would set Object.prototype.seed.
    const unsafe = prototypeSegment(param.path);
    if (unsafe !== undefined) {
      throw new AtelierError('BAD_USER_INPUT', `${param.path}: "${unsafe}" may not be a path segment`, { path: `params[${i}].path`, value: param.path });
    }
    if (param.values.length === 0) throw new AtelierError('BAD_USER_INPUT', `${param.path} has no values`, { path: `params[${i}].values` });
  });
  if (sweep.seeds?.length === 0) throw new AtelierError('BAD_USER_INPUT', 'seeds is empty', { path: 'seeds' });
  const size = sweepSize(sweep);
  if (size > maxRuns) {
    throw new AtelierError('LIMIT_EXCEEDED', `The batch would make ${size} runs; one batch may make at most ${maxRuns}`, {
      path: sweep.params?.length ? 'params' : 'seeds',
      limit: maxRuns,
      setting: 'limits.maxBatchRuns',
    });
  }
  const combinations: Record<string, unknown>[] =
    sweep.mode === 'zip' && params.length > 0
      ? params[0].values.map((_, i) => Object.fromEntries(params.map((p) => [p.path, p.values[i]])))
      : params.reduce<Record<string, unknown>[]>((acc, p) => acc.flatMap((values) => p.values.map((value) => ({ ...values, [p.path]: value }))), [{}]);
  const seeds: (number | undefined)[] = sweep.seeds ?? [undefined];
  return seeds.flatMap((seed) =>
    combinations.map((values) => {
      let variant: Record<string, unknown> = structuredClone(spec);
      params.forEach((p, i) => (variant = setPath(variant, p.path, values[p.path], `params[${i}].path`)));
      return { spec: seed === undefined ? variant : { ...variant, seed }, ...(seed === undefined ? {} : { seed }), values };
    }),
  );
}

/** Sets a dotted path; inside an array, a segment is an index or the `id` of an element (a step). */
function setPath(root: Record<string, unknown>, dotted: string, value: unknown, field: string): Record<string, unknown> {
  const keys = dotted.split('.');
  let node: unknown = root;
  keys.forEach((key, i) => {
    const last = i === keys.length - 1;
    if (Array.isArray(node)) {
      const at = /^\d+$/.test(key) ? Number(key) : node.findIndex((item) => (item as { id?: unknown })?.id === key);
      if (at < 0 || at >= node.length) throw new AtelierError('BAD_USER_INPUT', `${dotted}: no element "${key}"`, { path: field, value: dotted });
      if (last) node[at] = value;
      else node = node[at];
    } else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (last) record[key] = value;
      // Own keys only: an inherited one (`toString`) would lead the walk into a shared built-in.
      else node = (Object.hasOwn(record, key) ? record[key] : undefined) ?? (record[key] = {});
    } else {
      throw new AtelierError('BAD_USER_INPUT', `${dotted}: "${keys[i - 1]}" is not an object`, { path: field, value: dotted });
    }
  });
  return root;
}

/** `1..8` (inclusive), `3` or `1,5,9` (ranges and numbers mixed), as seeds. */
export function parseSeeds(text: string): number[] {
  return text.split(',').flatMap((part) => {
    const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from) throw new AtelierError('BAD_USER_INPUT', `Seed range ${part.trim()} runs backwards`, { path: 'seeds' });
      // Refused here, not after building a huge array: no batch may be this large anyway.
      if (to - from >= 100_000) throw new AtelierError('LIMIT_EXCEEDED', `Seed range ${part.trim()} is too long`, { path: 'seeds', limit: 100_000 });
      return Array.from({ length: to - from + 1 }, (_, i) => from + i);
    }
    const seed = Number(part);
    if (part.trim() === '' || !Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
      throw new AtelierError('BAD_USER_INPUT', `"${part}" is not a seed (an integer in 0…2³²−1) or a range like 1..8`, { path: 'seeds' });
    }
    return [seed];
  });
}
