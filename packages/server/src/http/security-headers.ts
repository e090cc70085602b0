import type { Handler } from 'express';

/**
 * What the web client and GraphiQL need, and nothing more: their scripts, styles, images and API
 * (websockets included: CSP 3's `'self'` matches `ws:`/`wss:` to this host) from this server only;
 * `data:`/`blob:` images for previews drawn in the page, and the `data:` fonts GraphiQL's stylesheet
 * embeds. No inline scripts or styles, no eval, no plugins, no `<base>`, and no framing (which would
 * let another site overlay the sign-in form).
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  // WebAssembly compilation only (never JS eval): tfjs's `long` compiles a small module in the page, and
  // Chromium would report a violation on every latent preview were it refused.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const headers: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy,
  // For browsers that predate `frame-ancestors`.
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  // Run and checkpoint ids in a URL are nobody else's business.
  'Referrer-Policy': 'no-referrer',
};

/** The browser defences, set on every HTTP response (pages, assets, JSON, errors) before any route runs. */
export function securityHeaders(): Handler {
  return (_req, res, next) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    next();
  };
}
