import { AtelierError, parseSeeds, type SweepParam } from '@atelier/core';
import { InvalidArgumentError } from 'commander';

/** `--seeds 1..8` or `--seeds 1,5,9`. */
export function parseSeedList(text: string): number[] {
  try {
    return parseSeeds(text);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof AtelierError ? error.message : String(error));
  }
}

/**
 * `--set steps.sharpen.with.sigma=0.5,1,2` (repeatable): a dotted path into the spec and its values,
 * each JSON where it parses (`0.5`, `"a,b"`, `[1,2]`), a bare string otherwise.
 */
export function collectSweepParam(entry: string, into: SweepParam[] = []): SweepParam[] {
  const at = entry.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`--set takes path=value[,value…], got "${entry}"`);
  const raw = entry.slice(at + 1);
  let values: unknown[];
  try {
    values = JSON.parse(`[${raw}]`) as unknown[];
  } catch {
    values = raw.split(',').map((part) => {
      try {
        return JSON.parse(part);
      } catch {
        return part;
      }
    });
  }
  return [...into, { path: entry.slice(0, at), values }];
}
