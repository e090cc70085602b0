import { AtelierError } from '@atelier/core';
import type { ErrorRequestHandler } from 'express';
import { httpErrorBody } from '../errors.js';

/**
 * Turns body-parser failures (malformed JSON, a body over the limit) into GraphQL-shaped JSON
 * errors instead of Express's HTML page; anything else goes on to Express's default handler.
 */
export function bodyErrors(maxUploadBytes: number): ErrorRequestHandler {
  return (error, _req, res, next) => {
    const type = (error as { type?: string }).type;
    let atelierError: AtelierError;
    if (type === 'entity.parse.failed') {
      atelierError = new AtelierError('BAD_USER_INPUT', `The request body is not valid JSON: ${(error as Error).message}`, { reason: 'MALFORMED_JSON' });
    } else if (type === 'entity.too.large') {
      atelierError = new AtelierError('LIMIT_EXCEEDED', `The request body is over the limit (uploads may total ${maxUploadBytes} bytes)`, {
        limit: maxUploadBytes,
      });
    } else {
      return next(error);
    }
    const { status, body } = httpErrorBody(atelierError);
    res.status(status).json(body);
  };
}
