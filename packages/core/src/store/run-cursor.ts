import { AtelierError } from '@atelier/plugin-api';

/** Position of a run in the newest-first order: its creation time, then its insertion order for ties. */
export interface RunCursor {
  createdAt: string;
  seq: number;
}

export function encodeRunCursor(cursor: RunCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.seq])).toString('base64url');
}

export function decodeRunCursor(text: string): RunCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && Number.isInteger(value[1])) {
      return { createdAt: value[0], seq: value[1] as number };
    }
  } catch {
    // Falls through to the error below: a cursor is opaque, so any malformed one is the caller's.
  }
  throw new AtelierError('BAD_USER_INPUT', 'The cursor is not one this server returned', { path: 'after', value: text });
}
