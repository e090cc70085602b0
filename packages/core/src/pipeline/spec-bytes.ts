import { AtelierError } from '@atelier/plugin-api';

/**
 * Whether `value` takes more than `max` bytes as JSON (strings counted as UTF-8 plus quotes,
 * escapes aside). Counted without building the text and without recursion, so a deeply nested value
 * cannot overflow the stack, and stopped as soon as the count passes `max`: the work is bounded by
 * `max`, not by the size of the value.
 */
export function exceedsJsonBytes(value: unknown, max: number): boolean {
  let bytes = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') bytes += Buffer.byteLength(next) + 2;
    else if (Array.isArray(next)) {
      // Brackets and commas first, so a long array is refused before its items are queued.
      bytes += Math.max(next.length + 1, 2);
      if (bytes <= max) for (const item of next) pending.push(item);
    } else if (next !== null && typeof next === 'object') {
      const keys = Object.keys(next);
      // Braces, commas, and each key's quotes and colon.
      bytes += Math.max(keys.length * 4 + 1, 2);
      if (bytes <= max) {
        for (const key of keys) {
          bytes += Buffer.byteLength(key);
          pending.push((next as Record<string, unknown>)[key]);
        }
      }
    } else bytes += String(next).length;
    if (bytes > max) return true;
  }
  return false;
}

/**
 * Refuses a client-given spec (or a batch's swept values) past `limits.maxSpecBytes` before any
 * work proportional to its size (parsing, cloning per run, validating).
 */
export function assertSpecBytes(value: unknown, max: number, path: string): void {
  if (exceedsJsonBytes(value, max)) {
    throw new AtelierError('LIMIT_EXCEEDED', `${path} is more than ${max} bytes of JSON; at most ${max} are accepted`, {
      path,
      limit: max,
      setting: 'limits.maxSpecBytes',
    });
  }
}
