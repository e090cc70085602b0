import { prototypeSegment } from '@atelier/core';
import { InvalidArgumentError, type Command } from 'commander';

export function parseInteger(flag: string, min = 0): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${flag} must be an integer ≥ ${min}`);
    return n;
  };
}

/**
 * `--set key=value` (repeatable): dotted keys nest, values are JSON where they parse
 * (`--set latentSize=64 --set widths=[64,128]`), strings otherwise.
 */
export function collectSetting(entry: string, into: Record<string, unknown> = {}): Record<string, unknown> {
  const at = entry.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`--set takes key=value, got "${entry}"`);
  const unsafe = prototypeSegment(entry.slice(0, at));
  if (unsafe !== undefined) throw new InvalidArgumentError(`--set: "${unsafe}" may not be a key`);
  const keys = entry.slice(0, at).split('.');
  const raw = entry.slice(at + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // A bare word such as `--set likelihood=bernoulli` stays a string.
  }
  let node = into;
  // Own keys only: an inherited one (`toString`) would lead the walk into a shared built-in.
  for (const key of keys.slice(0, -1)) node = ((Object.hasOwn(node, key) ? node[key] : undefined) ?? (node[key] = {})) as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
  return into;
}

export function collectList(value: string, into: string[] = []): string[] {
  return [...into, value];
}

/** `--workers <n>` on every command that computes: worker processes for this command (else config / ATELIER_WORKERS). */
export function withWorkersOption(command: Command): Command {
  return command.option('--workers <n>', 'worker processes (default: one per core on WASM/CPU, one on tfjs-node)', parseInteger('--workers', 1));
}
