import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { isAuthorized } from './auth.js';

export const mediaCookieName = 'atelier_media';

/** How long a media cookie is good for; the web client renews it well before. */
export const mediaCookieLifetimeMs = 60 * 60 * 1000;

/**
 * Who may GET artifacts and checkpoint files. A bearer header always works; for `<img>` tags and
 * `tf.loadLayersModel`, which cannot send one, `POST /session` with the bearer sets an HttpOnly
 * cookie `atelier_media=<expiry>.<HMAC-SHA256(expiry)>` under a secret drawn at each start. The
 * cookie opens only these GET routes, never GraphQL, so it grants nothing a forged request could misuse.
 */
export class MediaAccess {
  private readonly secret = randomBytes(32);

  constructor(
    private readonly token: string | null,
    private readonly now: () => number = Date.now,
  ) {}

  allows(req: Request): boolean {
    if (isAuthorized(req.headers.authorization, this.token)) return true;
    const cookie = readCookie(req.headers.cookie, mediaCookieName);
    return cookie !== null && this.verify(cookie);
  }

  /** Sets the media cookie (the caller has checked the bearer). Nothing to set without a token. */
  issue(res: Response): void {
    if (!this.token) return;
    const expires = this.now() + mediaCookieLifetimeMs;
    res.cookie(mediaCookieName, `${expires}.${this.sign(expires)}`, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      maxAge: mediaCookieLifetimeMs,
    });
  }

  private sign(expires: number): string {
    return createHmac('sha256', this.secret).update(`media:${expires}`).digest('base64url');
  }

  private verify(value: string): boolean {
    const match = /^(\d{1,16})\.([\w-]{43})$/.exec(value);
    if (!match) return false;
    const expires = Number(match[1]);
    if (expires <= this.now()) return false;
    const expected = Buffer.from(this.sign(expires));
    const given = Buffer.from(match[2]);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}
